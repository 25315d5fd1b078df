package app_test

import (
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffCaseParam fills the parameters of the department's case pages: the
// citizen's case of department A (with a file) for {id} and {doc}, so
// staff of B meet a 404.
func (w *world) staffCaseParam(rt web.Route, name string) (string, bool) {
	if !strings.HasPrefix(rt.Path, "/staff/cases/") {
		return "", false
	}
	f := w.citizenCases()
	switch name {
	case "id":
		return strconv.FormatInt(f.own.ID, 10), true
	case "doc":
		return strconv.FormatInt(f.ownDoc, 10), true
	}
	return "", false
}
