package app_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// citizenCaseFixtures are the cases the citizens' routes need: one sent by
// the world's citizen and one by a guest (with its private link token),
// each with a file, a message from department A and an open document
// request, so the pages show every part.
type citizenCaseFixtures struct {
	own, guest       cases.Case
	token            string
	ownDoc, guestDoc int64
	ownReq, guestReq int64
}

// citizenCases returns the world's citizen cases, made on first use.
func (w *world) citizenCases() *citizenCaseFixtures {
	w.t.Helper()
	if w.cit != nil {
		return w.cit
	}
	ctx, svc := w.srv.Ctx(), w.srv.App.Cases
	f := &citizenCaseFixtures{}
	mk := func(account int64, name, email string) (cases.Case, string, int64, int64) {
		obj, err := w.srv.App.Blobs.Put(ctx, bytes.NewReader([]byte(fmt.Sprintf("%%PDF-1.4\n%% Impfpass %s %d\n%%%%EOF\n", name, w.seq))), blob.PutOptions{})
		if err != nil {
			w.t.Fatalf("case file: %v", err)
		}
		c, token, err := svc.Intake(ctx, cases.Intake{FormID: "hund", FormVersion: 1, Department: w.deptA.Slug,
			Title: cases.Text{"de": "Hund anmelden", "en": "Register a dog"}, AccountID: account, Name: name, Email: email, Lang: "de",
			Answers: map[string]any{"dog": "Bärbel"},
			Summary: map[string][]cases.Line{"de": {{Label: "Name des Hundes", Value: "Bärbel", Path: "dog"}},
				"en": {{Label: "Name of the dog", Value: "Bärbel", Path: "dog"}}},
			Statuses: []cases.Status{{Key: "eingegangen", Label: cases.Text{"de": "Eingegangen", "en": "Received"}},
				{Key: "fertig", Label: cases.Text{"de": "Erledigt", "en": "Done"}, Closing: true}},
			Files: []cases.IntakeFile{{Path: "vaccination", Name: "impfpass.pdf", ContentType: obj.ContentType, Size: obj.Size, Blob: obj.Key}}})
		if err != nil {
			w.t.Fatalf("case: %v", err)
		}
		if err := svc.SendMessage(ctx, c.ID, "Ist der Hund gechippt?", cases.SystemActor); err != nil {
			w.t.Fatalf("case message: %v", err)
		}
		if err := svc.RequestDocument(ctx, c.ID, "Bitte den Impfpass als PDF.", cases.SystemActor); err != nil {
			w.t.Fatalf("document request: %v", err)
		}
		d, err := svc.StaffView(ctx, c.ID, cases.SystemActor)
		if err != nil {
			w.t.Fatalf("case view: %v", err)
		}
		return c, token, d.Documents[0].ID, d.Requests[0].ID
	}
	u := w.users[citizen]
	f.own, _, f.ownDoc, f.ownReq = mk(u.ID, u.Name, u.Email)
	f.guest, f.token, f.guestDoc, f.guestReq = mk(0, "Gerda Gast", fmt.Sprintf("gast-%d@example.org", w.seq))
	w.cit = f
	return f
}

// citizenCaseParam fills the parameters of "Mein Rathaus" (the citizen's
// own case) and of the guest's private link.
func (w *world) citizenCaseParam(rt web.Route, name string) (string, bool) {
	mine := strings.HasPrefix(rt.Path, "/my/cases/")
	if !mine && !strings.HasPrefix(rt.Path, "/case/") {
		return "", false
	}
	f := w.citizenCases()
	id := func(n int64) (string, bool) { return strconv.FormatInt(n, 10), true }
	switch {
	case name == "ref":
		return f.own.Reference, true
	case name == "token":
		return f.token, true
	case name == "doc" && mine:
		return id(f.ownDoc)
	case name == "doc":
		return id(f.guestDoc)
	case name == "request" && mine:
		return id(f.ownReq)
	case name == "request":
		return id(f.guestReq)
	}
	return "", false
}
