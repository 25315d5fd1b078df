package testkit

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
)

// SMTPServer is a mail server in the test process on 127.0.0.1 that keeps
// what it receives. It can refuse deliveries for a while, or be stopped and
// started again on the same port, to test that the outbox loses nothing.
type SMTPServer struct {
	t         testing.TB
	addr      string
	tls       *tls.Config // offered with STARTTLS, or from the first byte when implicit
	implicit  bool
	clientTLS *tls.Config

	mu       sync.Mutex
	srv      *smtp.Server
	l        net.Listener
	msgs     []SMTPMessage
	refuse   bool
	refused  int
	rejected map[string]bool
	user     string
	pass     string
	arrived  chan struct{} // closed and replaced when a message arrives
}

// SMTPMessage is one received message.
type SMTPMessage struct {
	From string
	To   []string
	// Data is the message as sent: headers and MIME body.
	Data []byte
	// TLS tells whether the message came over an encrypted connection, and
	// Auth the user it authenticated as.
	TLS  bool
	Auth string
}

// NewSMTPServer starts a server without TLS, stopped when the test ends.
// Its URL is smtp://127.0.0.1:PORT: the outbox asks for STARTTLS, is not
// offered it, and sends in the clear, as with a relay on localhost.
func NewSMTPServer(t testing.TB) *SMTPServer {
	t.Helper()
	return newSMTPServer(t, nil, false)
}

// NewSMTPServerTLS starts a server with a fresh self-signed certificate for
// 127.0.0.1: with STARTTLS, or with TLS from the first byte (smtps) when
// implicit. ClientTLS returns a configuration that trusts it.
func NewSMTPServerTLS(t testing.TB, implicit bool) *SMTPServer {
	t.Helper()
	server, client := selfSignedTLS(t)
	s := newSMTPServer(t, server, implicit)
	s.clientTLS = client
	return s
}

func newSMTPServer(t testing.TB, tlsConfig *tls.Config, implicit bool) *SMTPServer {
	s := &SMTPServer{t: t, addr: "127.0.0.1:0", tls: tlsConfig, implicit: implicit,
		rejected: map[string]bool{}, arrived: make(chan struct{})}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// Addr is host:port of the server.
func (s *SMTPServer) Addr() string { return s.addr }

// URL is the RATHAUS_SMTP_URL for this server: smtps:// for implicit TLS,
// otherwise smtp://, with the credentials set by RequireAuth.
func (s *SMTPServer) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := "smtp://"
	if s.implicit {
		u = "smtps://"
	}
	if s.user != "" {
		u += s.user + ":" + s.pass + "@"
	}
	return u + s.addr
}

// ClientTLS trusts the server's certificate (nil without TLS).
func (s *SMTPServer) ClientTLS() *tls.Config { return s.clientTLS }

// RequireAuth makes the server accept mail only after AUTH PLAIN with user
// and pass (also without TLS, for smtp+plain tests).
func (s *SMTPServer) RequireAuth(user, pass string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.pass = user, pass
}

// Refuse makes the server answer every recipient with a temporary error
// (451, as greylisting does) until Refuse(false).
func (s *SMTPServer) Refuse(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = on
}

// Refused counts the deliveries refused so far.
func (s *SMTPServer) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Reject makes the server refuse addr for good (550 no such mailbox).
func (s *SMTPServer) Reject(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[strings.ToLower(addr)] = true
}

// Start listens (again) on the server's address.
func (s *SMTPServer) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return
	}
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("smtp server: listen on %s: %v", s.addr, err)
	}
	s.addr = l.Addr().String()
	srv := smtp.NewServer(&smtpBackend{s: s})
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if s.tls != nil {
		if s.implicit {
			l = tls.NewListener(l, s.tls)
		} else {
			srv.TLSConfig = s.tls // offers STARTTLS
		}
	}
	s.srv, s.l = srv, l
	go srv.Serve(l)
}

// Stop closes the server and its connections; Start opens it again.
func (s *SMTPServer) Stop() {
	s.mu.Lock()
	srv, l := s.srv, s.l
	s.srv, s.l = nil, nil
	s.mu.Unlock()
	if srv != nil {
		// Close the listener too: Serve may not have registered it with
		// the server yet, and then srv.Close would miss it.
		l.Close()
		srv.Close()
	}
}

// Messages returns the messages received so far.
func (s *SMTPServer) Messages() []SMTPMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SMTPMessage(nil), s.msgs...)
}

// WaitFor waits until at least n messages have arrived and returns all of
// them; it fails the test after timeout.
func (s *SMTPServer) WaitFor(t testing.TB, n int, timeout time.Duration) []SMTPMessage {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, arrived := append([]SMTPMessage(nil), s.msgs...), s.arrived
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("smtp server: %d of %d messages after %s", len(msgs), n, timeout)
		}
	}
}

func (s *SMTPServer) receive(m SMTPMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// WithSMTP points the test server's outbox at an SMTP server (url as from
// SMTPServer.URL).
func WithSMTP(url string) ServerOption {
	return func(c *config.Config, _ *app.Options) { c.SMTPURL = url }
}

type smtpBackend struct{ s *SMTPServer }

func (b *smtpBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{s: b.s, conn: c}, nil
}

type smtpSession struct {
	s      *SMTPServer
	conn   *smtp.Conn
	authed string
	from   string
	to     []string
}

var (
	errGreylisted = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, please try again later"}
	errNoMailbox  = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox"}
)

func (x *smtpSession) AuthMechanisms() []string {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		x.s.mu.Lock()
		defer x.s.mu.Unlock()
		if user != x.s.user || pass != x.s.pass {
			return smtp.ErrAuthFailed
		}
		x.authed = user
		return nil
	}), nil
}

func (x *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.user != "" && x.authed == "" {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse {
		x.s.refused++
		return errGreylisted
	}
	if x.s.rejected[strings.ToLower(to)] {
		return errNoMailbox
	}
	x.to = append(x.to, to)
	return nil
}

func (x *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, secure := x.conn.TLSConnectionState()
	x.s.receive(SMTPMessage{From: x.from, To: append([]string(nil), x.to...), Data: b, TLS: secure, Auth: x.authed})
	return nil
}

func (x *smtpSession) Reset()        { x.from, x.to = "", nil }
func (x *smtpSession) Logout() error { return nil }

// Header returns the decoded value of a header (RFC 2047 words decoded).
func (m SMTPMessage) Header(name string) string {
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return ""
	}
	v := msg.Header.Get(name)
	if d, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// Subject is the decoded Subject header.
func (m SMTPMessage) Subject() string { return m.Header("Subject") }

// Text is the decoded text/plain part with \n line ends.
func (m SMTPMessage) Text() string { return m.part("text/plain") }

// HTML is the decoded text/html part with \n line ends, "" when there is none.
func (m SMTPMessage) HTML() string { return m.part("text/html") }

func (m SMTPMessage) part(mediaType string) string {
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return ""
	}
	s, _ := findPart(textproto.MIMEHeader(msg.Header), msg.Body, mediaType)
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func findPart(h textproto.MIMEHeader, body io.Reader, want string) (string, bool) {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart() // decodes quoted-printable parts itself
			if err != nil {
				return "", false
			}
			if s, ok := findPart(p.Header, p, want); ok {
				return s, true
			}
		}
	}
	if mt != want {
		return "", false
	}
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// selfSignedTLS makes a certificate for 127.0.0.1 valid for a day, the
// server's configuration and a client configuration that trusts it.
func selfSignedTLS(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	return server, client
}
