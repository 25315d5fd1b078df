package account

import (
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// checkEmail adds a field error when s is missing or not an address.
func checkEmail(f *errs.Fields, field, s string) {
	switch s = strings.TrimSpace(s); {
	case s == "":
		f.Add(field, "field.required")
	case !auth.ValidEmail(auth.NormalizeEmail(s)):
		f.Add(field, "field.email.invalid")
	}
}

// checkNewPassword applies the rules of auth.SetPassword before anything is
// changed or a one-time token is spent, and compares the confirmation.
func checkNewPassword(f *errs.Fields, field, confirmField, password, confirm string) {
	switch {
	case password == "":
		f.Add(field, "field.required")
	case len([]rune(password)) < auth.MinPasswordLength:
		f.Add(field, "field.password.too_short", auth.MinPasswordLength)
	case len(password) > 1024:
		f.Add(field, "field.too_long", 1024)
	}
	if confirm == "" {
		f.Add(confirmField, "field.required")
	} else if password != "" && confirm != password {
		f.Add(confirmField, "field.password.mismatch")
	}
}

// checkRequired adds field.required when s is empty.
func checkRequired(f *errs.Fields, field, s string) {
	if s == "" {
		f.Add(field, "field.required")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
