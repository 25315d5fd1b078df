package errs

import (
	"errors"
	"testing"
)

func TestOnField(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantField string
	}{
		{"an error without fields moves to the field", E(TooLarge, "blob.too_large", 10), "photo"},
		{"an error with fields keeps them", func() error { var f Fields; f.Add("name", "field.required"); return f.Err() }(), "name"},
		{"an internal error stays internal", Wrap(Internal, "error.internal", errors.New("disk")), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := As(OnField("photo", tt.err))
			got := ""
			if len(e.Fields) > 0 {
				got = e.Fields[0].Field
			}
			if got != tt.wantField {
				t.Fatalf("field = %q, want %q (%+v)", got, tt.wantField, e)
			}
		})
	}
}
