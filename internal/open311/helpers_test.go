package open311

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// problems renders an error list as "key args…" lines, the key without its
// "open311.error." prefix, and checks it is a spec error list of 400s.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	es, ok := AsErrors(err)
	if !ok {
		t.Fatalf("error %v (%T) is not an Errors list", err, err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		if e.Code != 400 {
			t.Errorf("error %d has code %d, want 400", i, e.Code)
		}
		s := strings.TrimPrefix(e.Key, "open311.error.")
		for _, a := range e.Args {
			s += " " + fmt.Sprint(a)
		}
		out[i] = s
	}
	return out
}

func query(t *testing.T, raw string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("query %q: %v", raw, err)
	}
	return v
}
