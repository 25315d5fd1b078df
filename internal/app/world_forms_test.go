package app_test

import (
	"fmt"
	"io/fs"
	"net/url"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// formFixtures are the form engine's records the routes need: a one-page
// guest form of department A with a guest draft, an account's draft of the
// citizen, a sent draft (its confirmation page) and a demo form with a
// draft, whose pages the accessibility test visits one by one.
type formFixtures struct {
	formID     string
	draft      string // link token of a guest draft
	ownDraft   int64  // a draft of the citizen
	done       string // path of a sent draft's confirmation
	demoID     string
	demoDraft  string
	demoPages  []string
	demoSource string
	moved      string // a page at the old address of a citizen's draft opened again
}

// forms returns the world's form fixtures, made on first use.
func (w *world) forms() *formFixtures {
	w.t.Helper()
	if w.frm != nil {
		return w.frm
	}
	ctx, svc := w.srv.Ctx(), w.srv.App.Forms
	f := &formFixtures{formID: fmt.Sprintf("welt-%d", w.seq), demoID: fmt.Sprintf("meldebescheinigung-%d", w.seq)}
	if _, err := svc.Install(ctx, []byte(testkit.GuestForm(f.formID, w.deptA.Slug)), 0); err != nil {
		w.t.Fatalf("world form: %v", err)
	}
	var err error
	if _, f.draft, err = svc.NewDraft(ctx, f.formID, auth.Anonymous, "de"); err != nil {
		w.t.Fatalf("guest draft: %v", err)
	}
	u := w.users[citizen]
	own, _, err := svc.NewDraft(ctx, f.formID, &auth.Principal{User: &u}, "de")
	if err != nil {
		w.t.Fatalf("citizen's draft: %v", err)
	}
	f.ownDraft = own.ID
	// Another draft of the citizen, opened again from the list of drafts:
	// its first address now shows where it went.
	moved, movedToken, err := svc.NewDraft(ctx, f.formID, &auth.Principal{User: &u}, "de")
	if err != nil {
		w.t.Fatal(err)
	}
	if r := send(w.client(citizen), "POST", fmt.Sprintf("/forms/drafts/%d/open", moved.ID), nil); r.StatusCode != 303 {
		w.t.Fatalf("open the citizen's draft again: %d", r.StatusCode)
	}
	f.moved = "/forms/" + f.formID + "/d/" + movedToken + "/p/eins"
	if r := w.client(citizen).Get(f.moved); r.StatusCode != 410 {
		w.t.Fatalf("old address of the draft opened again: %d, want 410", r.StatusCode)
	}
	// A sent draft, sent as a guest would.
	c := w.client(anonymous)
	_, sent, err := svc.NewDraft(ctx, f.formID, auth.Anonymous, "de")
	if err != nil {
		w.t.Fatal(err)
	}
	base := "/forms/" + f.formID + "/d/" + sent
	if r := send(c, "POST", base+"/p/eins", url.Values{"name": {"Erika Mustermann"}}); r.StatusCode != 303 {
		w.t.Fatalf("world form page: %d", r.StatusCode)
	}
	if r := send(c, "POST", base+"/send", nil); r.StatusCode != 303 {
		w.t.Fatalf("world form send: %d\n%s", r.StatusCode, r.Body)
	}
	f.done = base + "/done"
	// A demo form of department A.
	src, err := fs.ReadFile(demo.Forms, "forms/meldebescheinigung.yaml")
	if err != nil {
		w.t.Fatal(err)
	}
	s := strings.Replace(string(src), "id: meldebescheinigung", "id: "+f.demoID, 1)
	s = strings.Replace(s, "department: buergerbuero", "department: "+w.deptA.Slug, 1)
	installed, err := svc.Install(ctx, []byte(s), 0)
	if err != nil {
		w.t.Fatalf("demo form: %v", err)
	}
	saved, demoDraft, err := svc.NewDraft(ctx, f.demoID, auth.Anonymous, "de")
	if err != nil {
		w.t.Fatal(err)
	}
	f.demoDraft = demoDraft
	// The demo draft was saved for later, so that its "link sent" page
	// shows. (Set directly: the worlds share mail rate limits.)
	if _, err := w.srv.App.DB.Exec(ctx, `UPDATE drafts SET email = ? WHERE id = ?`, "gast@example.org", saved.ID); err != nil {
		w.t.Fatal(err)
	}
	demoBase := "/forms/" + f.demoID + "/d/" + f.demoDraft
	f.demoPages = append(f.demoPages, demoBase+"/save", demoBase+"/save/sent")
	for _, p := range installed.Pages {
		f.demoPages = append(f.demoPages, "/forms/"+f.demoID+"/d/"+f.demoDraft+"/p/"+p.ID)
	}
	f.demoSource = s
	w.frm = f
	return f
}

// formVisits are the pages of the form engine the accessibility test
// checks beyond the routes' own: every page of a demo form, its check page,
// a confirmation and the old address of a draft continued elsewhere.
func (w *world) formVisits() []visit {
	f := w.forms()
	out := []visit{{anonymous, "/forms/" + f.demoID}, {anonymous, f.done}, {citizen, f.moved},
		{anonymous, "/forms/" + f.demoID + "/d/" + f.demoDraft + "/check"}}
	for _, p := range f.demoPages {
		out = append(out, visit{anonymous, p})
	}
	return out
}

// formParam fills the parameters of the form engine's routes.
func (w *world) formParam(rt web.Route, name string) (string, bool) {
	path := rt.Path
	if !strings.HasPrefix(path, "/forms/") && !strings.HasPrefix(path, "/admin/forms/") {
		return "", false
	}
	f := w.forms()
	switch name {
	case "form":
		return f.formID, true
	case "draft":
		return f.draft, true
	case "page":
		return "eins", true
	case "id":
		return fmt.Sprint(f.ownDraft), true
	case "version":
		if strings.HasPrefix(path, "/admin/") {
			return "1", true
		}
		return "v1", true
	}
	return "", false
}
