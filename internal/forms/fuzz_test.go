package forms_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// inputNames lists the inputs of a page as the page renders them, with
// group items 0 and 1.
func inputNames(p *formdef.Page) []string {
	var out []string
	var add func(fd *formdef.Field, name string)
	add = func(fd *formdef.Field, name string) {
		switch fd.Type {
		case formdef.TypeAddress:
			for _, part := range formdef.AddressParts {
				out = append(out, name+"."+part)
			}
		case formdef.TypeGroup:
			for i := range 2 {
				for _, c := range fd.Fields {
					add(c, name+"."+strconv.Itoa(i)+"."+c.Name)
				}
			}
		default:
			out = append(out, name)
		}
	}
	for _, fd := range p.Fields {
		add(fd, fd.Name)
	}
	return out
}

// FuzzFormPages posts random answers and buttons to every page of every
// demo form through the town hall's handler: never a server error, also
// not on the check page afterwards.
func FuzzFormPages(f *testing.F) {
	srv := testkit.NewServer(f, testkit.SQLite)
	ctx := srv.Ctx()
	for _, slug := range []string{"kaemmerei", "ordnungsamt", "buergerbuero"} {
		if _, err := srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: slug, Name: slug}); err != nil {
			f.Fatal(err)
		}
	}
	user, err := srv.App.Auth.CreateUser(ctx, auth.NewUser{Email: "fuzz@example.org", Name: "Fuzz", Password: password, Role: auth.RoleCitizen, EmailVerified: true})
	if err != nil {
		f.Fatal(err)
	}
	session, err := srv.App.Auth.StartSession(ctx, user.ID)
	if err != nil {
		f.Fatal(err)
	}
	type target struct {
		form  *formdef.Form
		token string
	}
	var targets []target
	sources := demoForms(f)
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		form, err := srv.App.Forms.Install(ctx, sources[n], 0)
		if err != nil {
			f.Fatal(err)
		}
		_, token, err := srv.App.Forms.NewDraft(ctx, form.ID, &auth.Principal{User: &user}, "de")
		if err != nil {
			f.Fatal(err)
		}
		targets = append(targets, target{&form, token})
	}
	const csrf = "fuzz-csrf-token-0123456789abcdefghijklmnopqrstuvwxyz"
	do := func(t *testing.T, method, path string, body url.Values) *httptest.ResponseRecorder {
		var req *http.Request
		if body != nil {
			req = httptest.NewRequest(method, path, strings.NewReader(body.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req = httptest.NewRequest(method, path, nil)
		}
		req.AddCookie(&http.Cookie{Name: web.CSRFCookie, Value: csrf})
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
		rec := httptest.NewRecorder()
		srv.App.Handler.ServeHTTP(rec, req)
		return rec
	}
	f.Add(uint8(0), uint8(0), "continue", "Bello", "2026-05-01", "")
	f.Add(uint8(0), uint8(1), "add:dogs", "12,50", "ja", "dogs.7.dog_name=x&dogs.0.dangerous=yes")
	f.Add(uint8(1), uint8(2), "remove:dogs.0", "DE89 3704 0044 0532 0130 00", "31.02.2026", "mandate=agree&mandate=agree")
	f.Add(uint8(2), uint8(0), "back", "<script>", "-1e309", "x=%ff")
	f.Add(uint8(3), uint8(1), "remove-file:reduction_proof", "", "99999999999999999999", "address.postal_code=1")
	f.Add(uint8(4), uint8(3), "save", "\u202e", "NaN", "")
	f.Fuzz(func(t *testing.T, fi, pi uint8, action, a, b, extra string) {
		tg := targets[int(fi)%len(targets)]
		p := tg.form.Pages[int(pi)%len(tg.form.Pages)]
		v, err := url.ParseQuery(extra)
		if err != nil {
			v = url.Values{}
		}
		for i, name := range inputNames(p) {
			if i%2 == 0 {
				v.Add(name, a)
			} else {
				v.Add(name, b)
			}
		}
		v.Set("action", action)
		v.Set(web.CSRFField, csrf)
		base := "/forms/" + tg.form.ID + "/d/" + tg.token
		if rec := do(t, http.MethodPost, base+"/p/"+p.ID, v); rec.Code >= 500 {
			t.Fatalf("POST page %s of %s: %d\n%s", p.ID, tg.form.ID, rec.Code, rec.Body.String())
		}
		if rec := do(t, http.MethodGet, base+"/check", nil); rec.Code >= 500 {
			t.Fatalf("check page of %s: %d\n%s", tg.form.ID, rec.Code, rec.Body.String())
		}
		if rec := do(t, http.MethodGet, base+"/p/"+p.ID, nil); rec.Code >= 500 {
			t.Fatalf("GET page %s of %s: %d", p.ID, tg.form.ID, rec.Code)
		}
	})
}
