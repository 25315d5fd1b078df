package errs

// OnField turns an error without field errors (a file the blob store or
// the photo processor refused) into one about field, so a page shows it
// next to that control. Errors with fields and internal errors stay as
// they are.
func OnField(field string, err error) error {
	e := As(err)
	if len(e.Fields) > 0 || e.Code == Internal {
		return err
	}
	return &Error{Code: e.Code, Key: "error.invalid", Err: e.Err,
		Fields: []FieldError{{Field: field, Key: e.Key, Args: e.Args}}}
}
