package account

import (
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// MailLimits bound the forms that mail an address a visitor typed in
// (registration, a new verification link, a password reset): per address,
// so nobody can flood one mailbox, and per client, so nobody can flood many
// or create accounts in bulk. The three forms share both counts.
type MailLimits struct {
	PerAddress auth.RateLimit
	PerIP      auth.RateLimit
}

// DefaultMailLimits apply unless Deps says otherwise.
var DefaultMailLimits = MailLimits{
	PerAddress: auth.RateLimit{Max: 5, Window: 15 * time.Minute},
	PerIP:      auth.RateLimit{Max: 20, Window: time.Hour},
}

// takeMailRate counts a valid request that may mail email, whether or not
// the address has an account (else the limit would tell), or returns a
// TooMany error and counts nothing.
func (m *Module) takeMailRate(r *http.Request, email string) error {
	return m.Auth.TakeRate(r.Context(),
		auth.Rate{Key: "mail-to:" + auth.NormalizeEmail(email), Limit: m.MailLimits.PerAddress},
		auth.Rate{Key: "mail-from:" + web.ClientIP(r), Limit: m.MailLimits.PerIP})
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
