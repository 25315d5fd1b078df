package forms_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// summaryLinks are the targets of the error summary's links, in order.
func summaryLinks(p page) []string {
	var out []string
	each(p.doc, func(n *html.Node) {
		if n.Type != html.ElementNode || !strings.Contains(" "+attr(n, "class")+" ", " error-summary ") {
			return
		}
		each(n, func(a *html.Node) {
			if a.Type == html.ElementNode && a.Data == "a" {
				href := attr(a, "href")
				out = append(out, href[strings.Index(href, "#")+1:])
			}
		})
	})
	return out
}

// summaryText is the error summary's text for the link to id.
func summaryText(p page, id string) string {
	out := ""
	each(p.doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" && strings.HasSuffix(attr(n, "href"), "#"+id) {
			out = text(n)
		}
	})
	return out
}

var titleRe = regexp.MustCompile(`<title>([^<]*)</title>`)

func TestErrorSummaryFollowsThePage(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		v := goodAnswers()
		// Every part of the address wrong, a child without a name in the
		// second of three items, the first field empty.
		v.Set("name", "")
		v.Set("anschrift.street", "")
		v.Set("anschrift.house_number", "?")
		v.Set("anschrift.postal_code", "123")
		v.Set("anschrift.city", "")
		v.Set("kinder.1.vorname", "")
		v.Set("kinder.1.alter", "99")
		v.Set("kinder.2.vorname", "")
		v.Set("kinder.2.alter", "3")
		r := post(t, c, first, v, "")
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		p := parse(t, r.Body)
		want := []string{"f-name", "f-anschrift.street", "f-anschrift.house_number", "f-anschrift.postal_code", "f-anschrift.city",
			"f-kinder.1.vorname", "f-kinder.1.alter", "f-kinder.2.vorname"}

		t.Run("summary_lists_errors_in_page_order", func(t *testing.T) {
			if got := summaryLinks(p); !slices.Equal(got, want) {
				t.Errorf("summary links\n got %v\nwant %v", got, want)
			}
		})

		t.Run("group_item_errors_name_the_item", func(t *testing.T) {
			const msg = "Kind 2: Bitte füllen Sie „Vorname“ aus."
			if got := summaryText(p, "f-kinder.1.vorname"); got != msg {
				t.Errorf("summary says %q, want %q", got, msg)
			}
			if got := p.fieldError(t, "kinder.1.vorname"); !strings.HasSuffix(got, msg) {
				t.Errorf("field error says %q, want %q", got, msg)
			}
			if got := p.fieldError(t, "kinder.2.vorname"); !strings.HasPrefix(strings.TrimPrefix(got, "Fehler: "), "Kind 3: ") {
				t.Errorf("third item's error says %q, want it to start with \"Kind 3: \"", got)
			}
			if got := p.fieldError(t, "kinder.1.alter"); !strings.Contains(got, "Kind 2: ") || !strings.Contains(got, "17") {
				t.Errorf("age error says %q, want the item and the maximum", got)
			}
		})

		t.Run("title_starts_with_error_and_summary_takes_focus", func(t *testing.T) {
			if m := titleRe.FindStringSubmatch(r.Body); m == nil || !strings.HasPrefix(m[1], "Fehler: ") {
				t.Errorf("title %v, want it to start with \"Fehler: \"", m)
			}
			if !strings.Contains(r.Body, `data-error-summary`) || !regexp.MustCompile(`<script src="/static/forms/forms\.[0-9a-f]+\.js" defer>`).MatchString(r.Body) {
				t.Error("the summary is not marked for the script that focuses it, or the script is not loaded")
			}
			ok := c.Get(first)
			if m := titleRe.FindStringSubmatch(ok.Body); m == nil || strings.HasPrefix(m[1], "Fehler") || strings.Contains(ok.Body, "data-error-summary") {
				t.Errorf("page without errors: title %v or a summary", m)
			}
		})

		t.Run("check_page_lists_problems_in_form_order", func(t *testing.T) {
			// The failed post kept the answers; the check page finds the
			// same problems and lists them in the same order.
			check := parse(t, c.Get(strings.Replace(first, "/p/felder", "/check", 1)).Body)
			if got := summaryLinks(check); !slices.Equal(got, want) {
				t.Errorf("check page links\n got %v\nwant %v", got, want)
			}
		})
	})
}

func TestTooLongAnswerCountIsHonest(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		for _, tc := range []struct {
			name, input string
			want        string
			notWant     string
		}{
			{name: "short_overflow_is_counted", input: strings.Repeat("x", 60), want: "jetzt sind es 60"},
			{name: "huge_answer_says_more_than", input: strings.Repeat("x", 100_000), want: "jetzt sind es mehr als 65000", notWant: "65535"},
			{name: "huge_answer_of_umlauts", input: strings.Repeat("ä", 100_000), want: "jetzt sind es mehr als 32000"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v := goodAnswers()
				v.Set("text", tc.input)
				r := post(t, c, first, v, "")
				if r.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", r.StatusCode)
				}
				msg := parse(t, r.Body).fieldError(t, "text")
				if !strings.Contains(msg, tc.want) || (tc.notWant != "" && strings.Contains(msg, tc.notWant)) {
					t.Errorf("error says %q, want %q", msg, tc.want)
				}
			})
		}
	})
}

func TestSavePageOffersTheAnsweredEmail(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		for _, tc := range []struct {
			name, answer, want string
		}{
			{"valid_address_is_filled_in", "gerda@example.org", "gerda@example.org"},
			{"mistyped_address_is_not", "gerda@", ""},
			{"no_answer_leaves_it_empty", "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := tw.client(auth.User{})
				first := tw.begin(c, "alle-felder")
				save := location(t, post(t, c, first, url.Values{"name": {"Gerda Gast"}, "email": {tc.answer}}, "save"), "save")
				p := parse(t, c.Get(save).Body)
				in := p.inputs("email")
				if len(in) != 1 || attr(in[0], "value") != tc.want || attr(in[0], "type") != "email" || hasAttr(in[0], "readonly") {
					t.Fatalf("save page's address input: %d inputs, value %q; want an editable %q", len(in), p.value("email"), tc.want)
				}
			})
		}
	})
}
