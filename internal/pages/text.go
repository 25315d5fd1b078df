package pages

import (
	"html/template"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

var (
	paragraphBreak = regexp.MustCompile(`\n[ \t]*\n`)
	// linkPattern finds web addresses (with scheme or starting with www.)
	// and e-mail addresses. Quotes and angle brackets never belong to a link,
	// so a link can never leave its attribute.
	linkPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"'` + "`" + `]+|\bwww\.[^\s<>"'` + "`" + `]+|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}`)
)

// RenderText turns the plain text the town typed into HTML: blank lines
// separate paragraphs, a line starting with "## " is a heading, single line
// breaks stay, and web and e-mail addresses become links. Everything else is
// escaped, so no markup the author typed survives.
func RenderText(body string) template.HTML {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var b strings.Builder
	for _, para := range paragraphBreak.Split(body, -1) {
		var lines []string
		flush := func() {
			if len(lines) == 0 {
				return
			}
			b.WriteString("<p>")
			for i, line := range lines {
				if i > 0 {
					b.WriteString("<br>\n")
				}
				b.WriteString(linkify(line))
			}
			b.WriteString("</p>\n")
			lines = lines[:0]
		}
		for _, line := range strings.Split(para, "\n") {
			line = strings.TrimSpace(line)
			if h, ok := strings.CutPrefix(line, "## "); ok && strings.TrimSpace(h) != "" {
				flush()
				b.WriteString("<h2>")
				b.WriteString(linkify(strings.TrimSpace(h)))
				b.WriteString("</h2>\n")
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
		}
		flush()
	}
	return template.HTML(b.String()) //nolint:gosec // every piece of text went through linkify, which escapes
}

// linkify escapes s and wraps the addresses in it in links.
func linkify(s string) string {
	var b strings.Builder
	last := 0
	for _, loc := range linkPattern.FindAllStringIndex(s, -1) {
		start, end := loc[0], loc[1]
		if start < last {
			continue
		}
		text := trimTrailing(s[start:end])
		end = start + len(text)
		href, ok := linkTarget(text)
		if !ok {
			continue
		}
		b.WriteString(template.HTMLEscapeString(s[last:start]))
		b.WriteString(`<a href="`)
		b.WriteString(template.HTMLEscapeString(href))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(text))
		b.WriteString("</a>")
		last = end
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return b.String()
}

// trimTrailing drops sentence punctuation after an address ("see
// https://x.de." links https://x.de) and a closing bracket that has no
// opening one inside the address ("(www.x.de)").
func trimTrailing(s string) string {
	for s != "" {
		last := s[len(s)-1]
		switch {
		case strings.IndexByte(".,;:!?", last) >= 0:
			s = s[:len(s)-1]
		case last == ')' && strings.Count(s, "(") < strings.Count(s, ")"):
			s = s[:len(s)-1]
		case last == ']' && strings.Count(s, "[") < strings.Count(s, "]"):
			s = s[:len(s)-1]
		default:
			return s
		}
	}
	return s
}

// linkTarget returns the href for an address found in the text, and false
// when it is not a well-formed http(s) URL or e-mail address.
func linkTarget(text string) (string, bool) {
	lower := strings.ToLower(text)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		return checkedURL(text)
	case strings.HasPrefix(lower, "www."):
		return checkedURL("https://" + text)
	default:
		a, err := mail.ParseAddress(text)
		if err != nil || a.Address != text {
			return "", false
		}
		return "mailto:" + text, true
	}
}

func checkedURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	return u.String(), true
}
