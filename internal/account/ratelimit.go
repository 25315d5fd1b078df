package account

import (
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// takeMailRate counts a valid request that may mail email, whether or not
// the address has an account (else the limit would tell), or returns a
// TooMany error and counts nothing.
func (m *Module) takeMailRate(r *http.Request, email string) error {
	return m.Auth.TakeRate(r.Context(), m.MailLimits.Rates(email, web.ClientIP(r))...)
}

// refuseRate shows the form page again with the rate-limit message and
// status 429 when err is a TooMany error; other errors get an error page.
func (m *Module) refuseRate(w http.ResponseWriter, r *http.Request, page string, err error) {
	e := errs.As(err)
	if e.Code != errs.TooMany {
		m.Site.Error(w, r, err)
		return
	}
	if len(e.Args) > 0 {
		if minutes, ok := e.Args[0].(int); ok {
			w.Header().Set("Retry-After", strconv.Itoa(minutes*60))
		}
	}
	form := web.FormFrom(r)
	form.SetErrors(err)
	m.Site.Render(w, r, http.StatusTooManyRequests, page, nil, form)
}
