package app_test

// Forms and links found in pages, so the XSS and browser tests reach every
// form without knowing the modules.

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// formPassword fills password fields of forms the gates submit. It is not the
// password of the role accounts, so a form that asks for the current
// password (to change it or delete the account) refuses.
const formPassword = "Formular-Passwort-2026!"

// field is one control of a form.
type field struct {
	Tag      string // input, textarea, select, button
	Type     string // lower-case input type; "" for textarea and select
	Name     string
	Value    string
	Required bool
	Checked  bool
	Options  []string // select: option values; the selected one first
}

// form is a <form> found on a page.
type form struct {
	Page   string // the path the form was found on
	Method string // GET or POST
	Action string // path and query the form sends to
	Fields []field
}

// consentRe matches boxes a person must tick to send a form (consent to the
// privacy policy and the like), which forms do not always mark required.
var consentRe = regexp.MustCompile(`(?i)consent|accept|agree|terms|privacy|confirm`)

var digitsRe = regexp.MustCompile(`[0-9]+`)

// key identifies a form for de-duplication: where it posts (with ids
// replaced, so the edit form of every account counts once) and what it asks.
func (f form) key() string {
	names := make([]string, 0, len(f.Fields))
	for _, fl := range f.Fields {
		names = append(names, fl.Name)
	}
	slices.Sort(names)
	return f.Method + " " + digitsRe.ReplaceAllString(f.Action, "N") + " " + strings.Join(names, ",")
}

// textLike reports whether a user types free text into the field.
func (fl field) textLike() bool {
	if fl.Tag == "textarea" {
		return true
	}
	if fl.Tag != "input" {
		return false
	}
	switch fl.Type {
	case "", "text", "search", "email", "url", "tel":
		return true
	}
	return false
}

// TextFields returns the names of the form's free-text fields.
func (f form) textFields() []string {
	var out []string
	for _, fl := range f.Fields {
		if fl.textLike() && fl.Name != "" && !slices.Contains(out, fl.Name) {
			out = append(out, fl.Name)
		}
	}
	return out
}

// values fills the form as a careful person would (existing values kept,
// required boxes ticked, the first choice taken), with payload in the field
// named target. seq makes e-mail addresses and short names unique.
func (f form) values(target, payload string, seq int) url.Values {
	v := url.Values{}
	radios := map[string]bool{}
	button := false
	for _, fl := range f.Fields {
		if fl.Name == "" {
			continue
		}
		if fl.Name == target && fl.textLike() {
			if !v.Has(target) {
				v.Set(target, payload)
			}
			continue
		}
		switch {
		case fl.Tag == "button" || (fl.Tag == "input" && fl.Type == "submit"):
			if !button {
				v.Set(fl.Name, fl.Value)
				button = true
			}
		case fl.Tag == "select":
			if len(fl.Options) > 0 {
				v.Set(fl.Name, fl.Options[0])
			}
		case fl.Type == "checkbox":
			if fl.Checked || fl.Required || consentRe.MatchString(fl.Name) {
				val := fl.Value
				if val == "" {
					val = "on"
				}
				v.Add(fl.Name, val)
			}
		case fl.Type == "radio":
			if fl.Checked || !radios[fl.Name] && !v.Has(fl.Name) {
				v.Set(fl.Name, fl.Value)
			}
			radios[fl.Name] = true
		case fl.Type == "hidden":
			v.Add(fl.Name, fl.Value)
		case fl.Type == "file", fl.Type == "reset", fl.Type == "image", fl.Type == "button":
		default:
			v.Add(fl.Name, plausible(fl, seq))
		}
	}
	return v
}

// plausible returns a value a person might type into fl.
func plausible(fl field, seq int) string {
	if fl.Value != "" && fl.Type != "password" {
		return fl.Value
	}
	name := strings.ToLower(fl.Name)
	switch {
	case fl.Type == "password":
		return formPassword
	case fl.Type == "email" || strings.Contains(name, "email"):
		return fmt.Sprintf("formular-%d@example.org", seq)
	case fl.Type == "url":
		return "https://example.org/"
	case fl.Type == "tel" || strings.Contains(name, "phone"):
		return "+49 5141 12345"
	case fl.Type == "number":
		return "1"
	case fl.Type == "date":
		return "2026-12-01"
	case fl.Type == "time":
		return "10:00"
	case fl.Type == "datetime-local":
		return "2026-12-01T10:00"
	case strings.Contains(name, "slug"):
		return fmt.Sprintf("formular-%d", seq)
	case strings.Contains(name, "postal") || strings.Contains(name, "zip") || name == "plz":
		return "12345"
	}
	return "Musterwert"
}

// parseForms returns the forms of a page served at pagePath.
func parseForms(pagePath, body string) ([]form, error) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(pagePath)
	if err != nil {
		return nil, err
	}
	var out []form
	var walkForm func(n *html.Node, f *form)
	walkForm = func(n *html.Node, f *form) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "input", "textarea", "button":
				fl := field{Tag: n.Data, Name: attr(n, "name"), Value: attr(n, "value"), Required: hasAttr(n, "required"), Checked: hasAttr(n, "checked")}
				if n.Data == "input" {
					fl.Type = strings.ToLower(attr(n, "type"))
				}
				if n.Data == "textarea" {
					fl.Value = text(n)
				}
				if n.Data == "button" && attr(n, "type") != "" && strings.ToLower(attr(n, "type")) != "submit" {
					break
				}
				f.Fields = append(f.Fields, fl)
			case "select":
				fl := field{Tag: "select", Name: attr(n, "name"), Required: hasAttr(n, "required")}
				var selected string
				each(n, func(o *html.Node) {
					if o.Type != html.ElementNode || o.Data != "option" {
						return
					}
					val := attr(o, "value")
					if !hasAttr(o, "value") {
						val = strings.TrimSpace(text(o))
					}
					if hasAttr(o, "selected") && selected == "" {
						selected = val
					}
					if val != "" {
						fl.Options = append(fl.Options, val)
					}
				})
				if selected != "" {
					fl.Options = append([]string{selected}, fl.Options...)
				}
				f.Fields = append(f.Fields, fl)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walkForm(c, f)
		}
	}
	each(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "form" {
			return
		}
		action, err := base.Parse(attr(n, "action"))
		if err != nil || (action.Host != "" && action.Host != base.Host) {
			return
		}
		method := http.MethodGet
		if strings.EqualFold(attr(n, "method"), "post") {
			method = http.MethodPost
		}
		f := form{Page: pagePath, Method: method, Action: action.RequestURI()}
		walkForm(n, &f)
		out = append(out, f)
	})
	return out, nil
}

// links returns the same-site paths the page links to.
func links(pagePath, body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	base, err := url.Parse(pagePath)
	if err != nil {
		return nil
	}
	var out []string
	each(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "a" || !hasAttr(n, "href") {
			return
		}
		u, err := base.Parse(attr(n, "href"))
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") {
			return
		}
		u.Fragment = ""
		if p := u.RequestURI(); !slices.Contains(out, p) {
			out = append(out, p)
		}
	})
	return out
}

// each calls fn for n and every node below it, in document order.
func each(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		each(c, fn)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	each(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}
