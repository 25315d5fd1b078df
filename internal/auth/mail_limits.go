package auth

import "time"

// MailLimits bound the forms that mail an address a visitor typed in
// (registration, a new verification link, a password reset, a form's
// "continue later" link): per address, so nobody can flood one mailbox, and
// per client, so nobody can flood many or create accounts in bulk. All
// those forms count under the same keys (Rates), so using several together
// sends no more.
type MailLimits struct {
	PerAddress RateLimit
	PerIP      RateLimit
}

// DefaultMailLimits apply where MailLimits are zero.
var DefaultMailLimits = MailLimits{
	PerAddress: RateLimit{Max: 5, Window: 15 * time.Minute},
	PerIP:      RateLimit{Max: 20, Window: time.Hour},
}

// Rates are the counts for a mail to email asked for from the client ip, for
// TakeRate; zero limits are DefaultMailLimits.
func (l MailLimits) Rates(email, ip string) []Rate {
	if l == (MailLimits{}) {
		l = DefaultMailLimits
	}
	return []Rate{
		{Key: "mail-to:" + NormalizeEmail(email), Limit: l.PerAddress},
		{Key: "mail-from:" + ip, Limit: l.PerIP},
	}
}
