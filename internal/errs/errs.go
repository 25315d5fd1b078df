// Package errs is the one error type of Offenes Rathaus: a code that decides
// the HTTP status and a message key that the web layer translates. Internal
// details stay in the wrapped error and the log.
package errs

import (
	"errors"
	"fmt"
)

// Code classifies an error for the user.
type Code string

// The codes; web maps each to one HTTP status.
const (
	Invalid      Code = "invalid"      // 422: the input is wrong
	BadRequest   Code = "bad_request"  // 400: the request itself is malformed
	NotFound     Code = "not_found"    // 404
	Conflict     Code = "conflict"     // 409
	Forbidden    Code = "forbidden"    // 403
	Unauthorized Code = "unauthorized" // 401
	TooLarge     Code = "too_large"    // 413
	TooMany      Code = "too_many"     // 429
	// MethodNotAllowed: the address exists, but not for this method.
	MethodNotAllowed Code = "method_not_allowed" // 405
	Internal         Code = "internal"           // 500
)

// FieldError names a form field and the message key of what is wrong with it.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// Error is an application error.
type Error struct {
	Code Code
	// Key is the i18n message key shown to the user.
	Key string
	// Args fill the message's placeholders.
	Args []any
	// Fields lists per-field problems of an Invalid error.
	Fields []FieldError
	// Err is the cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Key, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// E makes an error with a code and a message key.
func E(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Wrap makes an error with a code and message key around a cause.
func Wrap(code Code, key string, err error) *Error {
	return &Error{Code: code, Key: key, Err: err}
}

// Fields is a collector of per-field validation errors.
type Fields []FieldError

// Add records a problem with field.
func (f *Fields) Add(field, key string, args ...any) {
	*f = append(*f, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field has a problem.
func (f Fields) Has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid error listing the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid", Fields: f}
}

// CodeOf returns the code of err, Internal for errors of other types.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as *Error, making an Internal one for other errors.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}
