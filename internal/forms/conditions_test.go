package forms_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// shownPaths is the _shown list of a page: the questions it showed.
func shownPaths(p page) string {
	in := p.inputs("_shown")
	if len(in) == 0 {
		return ""
	}
	return attr(in[0], "value")
}

func TestConditionsHidePagesAndFields(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		p := parse(t, c.Get(first).Body)
		if len(p.inputs("gruende")) != 0 {
			t.Fatal("the reasons show before \"no\" was answered")
		}

		// Answering "no" makes a question appear on the same page: the page
		// comes back with it (200), without errors for it yet.
		v := goodAnswers()
		v.Set("einverstanden", "no")
		v.Set("_shown", shownPaths(p))
		r := post(t, c, first, v, "")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want the page again with the new question:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		p = parse(t, r.Body)
		if len(p.inputs("gruende")) != 1 || p.fieldError(t, "gruende") != "" {
			t.Fatalf("the reasons question should show, without an error yet:\n%s", testkit.Excerpt(r.Body))
		}
		if !strings.Contains(r.Body, "weitere Fragen") {
			t.Error("no notice that more questions appeared")
		}

		// Sent empty now, it is an error.
		v.Set("_shown", shownPaths(p))
		r = post(t, c, first, v, "")
		if r.StatusCode != http.StatusUnprocessableEntity || parse(t, r.Body).fieldError(t, "gruende") == "" {
			t.Fatalf("empty reasons: status %d, want 422 with an error next to them", r.StatusCode)
		}

		// With reasons, the page that only "no" needs comes next.
		v.Set("gruende", "Weil.")
		extra := location(t, post(t, c, first, v, ""), "answered no")
		if !strings.HasSuffix(extra, "/p/extra") {
			t.Fatalf("went to %s, want the page shown only for \"no\"", extra)
		}
		if got := location(t, post(t, c, extra, url.Values{"bemerkung": {"Hallo"}}, ""), "extra"); !strings.HasSuffix(got, "/check") {
			t.Fatalf("went to %s, want the check page", got)
		}

		// Back to "yes": the extra page is skipped and its answers, like the
		// reasons, are not sent.
		v.Set("einverstanden", "yes")
		check := location(t, post(t, c, first, v, ""), "answered yes")
		if !strings.HasSuffix(check, "/check") {
			t.Fatalf("went to %s, want the check page (extra page hidden)", check)
		}
		if r := c.Get(extra); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the hidden page answered %d, want a redirect to the first page", r.StatusCode)
		}
		body := c.Get(check).Body
		if strings.Contains(body, "Weil.") || strings.Contains(body, "Hallo") {
			t.Error("answers of hidden questions are on the check page")
		}
		location(t, c.Post(strings.TrimSuffix(check, "check")+"send", nil), "send")
		subs := tw.submissions()
		if len(subs) != 1 {
			t.Fatalf("%d submissions", len(subs))
		}
		if _, ok := subs[0].Answers["gruende"]; ok {
			t.Error("a hidden answer was sent")
		}
		if _, ok := subs[0].Answers["bemerkung"]; ok {
			t.Error("an answer of a hidden page was sent")
		}
		if subs[0].Email != "erika@example.org" {
			t.Errorf("guest submission e-mail %q, want the answer of the e-mail field", subs[0].Email)
		}
	})
}

func TestRepeatingGroupAddAndRemove(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		v := goodAnswers()
		r := post(t, c, first, v, "add:kinder")
		if got := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(got, "#f-kinder-item-1") {
			t.Fatalf("add: %d %s, want a redirect to the new item", r.StatusCode, got)
		}
		r = follow(t, c, r)
		p := parse(t, r.Body)
		if len(p.inputs("kinder.1.vorname")) != 1 || p.value("kinder.0.vorname") != "Anna" {
			t.Fatalf("after adding: no second child, or the first lost:\n%s", testkit.Excerpt(r.Body))
		}
		if !strings.Contains(r.Body, "25,00") {
			t.Error("the fee was not calculated again for two children")
		}
		v.Set("kinder.1.vorname", "Ben")
		v.Set("kinder.1.alter", "7")
		r = follow(t, c, post(t, c, first, v, "add:kinder"))
		p = parse(t, r.Body)
		if len(p.inputs("kinder.2.vorname")) != 1 {
			t.Fatal("no third child after adding")
		}
		if strings.Contains(r.Body, `value="add:kinder"`) {
			t.Error("the add button is still there at the maximum of 3")
		}
		// Remove the first: Ben moves up.
		v.Set("kinder.2.vorname", "Clara")
		r = follow(t, c, post(t, c, first, v, "remove:kinder.0"))
		p = parse(t, r.Body)
		if got := p.value("kinder.0.vorname") + "," + p.value("kinder.1.vorname"); got != "Ben,Clara" {
			t.Errorf("after removing the first child the group shows %q, want Ben,Clara", got)
		}
		if len(p.inputs("kinder.2.vorname")) != 0 {
			t.Error("three children after removing one")
		}
		// Kept when the page is opened again.
		p = parse(t, c.Get(first).Body)
		if p.value("kinder.1.vorname") != "Clara" {
			t.Error("the group was not saved")
		}
		// Fields of an item are validated with their item's path.
		v = goodAnswers()
		v.Del("kinder.0.vorname")
		v.Set("kinder.1.vorname", "")
		v.Set("kinder.1.alter", "3")
		r = post(t, c, first, v, "")
		if r.StatusCode != http.StatusUnprocessableEntity || parse(t, r.Body).fieldError(t, "kinder.1.vorname") == "" {
			t.Errorf("missing name of child 2: status %d, want 422 with the error at kinder.1.vorname", r.StatusCode)
		}
	})
}

// A question inside a repeating group that appears through an answer in the
// same item (the permit of a dangerous dog) behaves like one outside: the
// page comes back with it and a notice, without an error for it yet.
func TestQuestionAppearingInsideAGroupItemGetsNoErrorYet(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		first := tw.begin(c, "hund-anmelden")
		dogs := location(t, post(t, c, first, url.Values{
			"name": {"Erika Mustermann"}, "birth_date": {"27.03.1980"},
			"address.street": {"Marktplatz"}, "address.house_number": {"1"}, "address.postal_code": {"31535"}, "address.city": {"Musterstadt"},
			"email": {"erika@example.org"},
		}, ""), "page halter")
		p := parse(t, c.Get(dogs).Body)
		if len(p.inputs("dogs.0.permit")) != 0 {
			t.Fatal("the permit question shows before \"dangerous\" was answered")
		}
		v := url.Values{
			"dogs.0.dog_name": {"Rex"}, "dogs.0.breed": {"Mischling"}, "dogs.0.sex": {"male"}, "dogs.0.kept_since": {"2026-05-01"},
			"dogs.0.dangerous": {"yes"}, "_shown": {shownPaths(p)},
		}
		r := post(t, c, dogs, v, "")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want the page again with the permit question:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		p = parse(t, r.Body)
		if len(p.inputs("dogs.0.permit")) != 1 || p.fieldError(t, "dogs.0.permit") != "" || !strings.Contains(r.Body, "weitere Fragen") {
			t.Fatalf("want the permit question with a notice and no error yet:\n%s", testkit.Excerpt(r.Body))
		}
		v.Set("_shown", shownPaths(p))
		r = post(t, c, dogs, v, "")
		if r.StatusCode != http.StatusUnprocessableEntity || parse(t, r.Body).fieldError(t, "dogs.0.permit") == "" {
			t.Fatalf("permit left empty after it was shown: status %d, want 422 with an error", r.StatusCode)
		}
	})
}
