package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

// SMTPSender delivers over SMTP. The URL scheme chooses the transport:
//
//	smtp://user:pass@host:587        STARTTLS when the server offers it
//	smtps://user:pass@host:465       TLS from the first byte
//	smtp+plain://host:25             no TLS at all (a relay on the same host)
//
// Credentials are only sent over TLS, except with smtp+plain, where the
// operator has said the line is safe.
type SMTPSender struct {
	host string
	opts []gomail.Option
}

// NewSMTPSender parses rawURL. tlsConfig may be nil (system roots, TLS 1.2
// or newer); tests pass one that trusts their own certificate.
func NewSMTPSender(rawURL string, tlsConfig *tls.Config) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return nil, errors.New("RATHAUS_SMTP_URL: want smtp://user:pass@host:port")
	}
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second)}
	port := map[string]int{"smtp": 587, "smtps": 465, "smtp+plain": 25}[u.Scheme]
	switch u.Scheme {
	case "smtp":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case "smtps":
		opts = append(opts, gomail.WithSSL())
	case "smtp+plain":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("RATHAUS_SMTP_URL: unknown scheme %q (want smtp, smtps or smtp+plain)", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("RATHAUS_SMTP_URL: port %q: %w", p, err)
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(tlsConfig))
	}
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
		if u.Scheme == "smtp+plain" {
			opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlainNoEnc, gomail.SMTPAuthLoginNoEnc))
		} else {
			// Auto-discovery refuses PLAIN and LOGIN on a connection
			// without TLS, so a missing STARTTLS never leaks the password.
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover))
		}
	}
	return &SMTPSender{host: u.Hostname(), opts: opts}, nil
}

// Send delivers m on a new connection. A refusal with a 5xx reply is
// permanent; everything else (4xx, no connection, timeouts) is retried.
func (s *SMTPSender) Send(ctx context.Context, m Outgoing) error {
	msg, err := compose(m)
	if err != nil {
		return jobs.Permanent(err)
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
			return jobs.Permanent(err)
		}
		return err
	}
	return nil
}
