package app_test

import (
	"net/url"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
)

// verifyLink is the page a verification mail's link opens (its confirm
// button), for an account made for it: opening it spends nothing.
func (w *world) verifyLink() string {
	ctx := w.srv.Ctx()
	u, err := w.srv.App.Auth.CreateUser(ctx, auth.NewUser{Email: "unbestaetigt@example.org", Password: "correct horse battery", Role: auth.RoleCitizen})
	if err != nil {
		w.t.Fatal(err)
	}
	token, err := w.srv.App.Auth.IssueToken(ctx, u.ID, auth.PurposeVerify, time.Hour)
	if err != nil {
		w.t.Fatal(err)
	}
	return "/verify?token=" + url.QueryEscape(token)
}
