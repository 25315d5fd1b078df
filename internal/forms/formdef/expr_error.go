package formdef

// exprError is a mistake in a show_if or calc expression: a key of
// parseMessages with its arguments, so that it reads in the author's language
// inside the LineError that reports it.
type exprError struct {
	key  string
	args []any
}

func exprErr(key string, args ...any) error {
	return &exprError{key: key, args: args}
}

func (e *exprError) Error() string { return render("en", e.key, e.args) }

func (e *exprError) in(lang string) string { return render(lang, e.key, e.args) }

// argCount says how many arguments a function takes (max -1: any).
type argCount [2]int

func (c argCount) in(lang string) string {
	switch {
	case c[1] < 0:
		return render(lang, "args_at_least", []any{c[0]})
	case c[0] == c[1] && c[0] == 0:
		return render(lang, "args_none", nil)
	case c[0] == c[1]:
		return render(lang, "args_exactly", []any{c[0]})
	}
	return render(lang, "args_range", []any{c[0], c[1]})
}
