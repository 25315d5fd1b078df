package formdef

import "strings"

// subject names the part of a definition a message is about, e.g.
// `field "a" on page "p": label` or „label“ of Feld „a“ auf Seite „p“.
type subject struct {
	kind   string // "form", "status", "page" or "field"
	name   string // status key, page id or field name, once known
	group  string // the group a field is in
	page   string // the page a field is on
	option bool   // an entry of the field's options
	key    string // a key inside, e.g. "label" or "label.de"; "" for the part itself
}

// subjectWords name the kinds of subject, German first.
var subjectWords = map[string][2]string{"form": {"Formular", "form"}, "status": {"Status", "status"}, "page": {"Seite", "page"}, "field": {"Feld", "field"}}

// at is the key inside s ("label", then "de" for label.de).
func (s subject) at(key string) subject {
	if s.key != "" {
		key = s.key + "." + key
	}
	s.key = key
	return s
}

func (s subject) asOption() subject {
	s.option = true
	return s
}

func (s subject) in(lang string) string {
	en := lang == "en"
	var b strings.Builder
	if s.kind == "form" {
		// Top-level keys are named alone: "title.de must be text".
		if s.key != "" {
			return keyName(s.key, en)
		}
		return pick(en, subjectWords["form"])
	}
	b.WriteString(pick(en, subjectWords[s.kind]))
	if s.name != "" {
		b.WriteString(" " + Quoted(s.name).in(lang))
	}
	if s.group != "" {
		b.WriteString(pick(en, [2]string{" in Gruppe ", " in group "}) + Quoted(s.group).in(lang))
	}
	if s.page != "" {
		b.WriteString(pick(en, [2]string{" auf Seite ", " on page "}) + Quoted(s.page).in(lang))
	}
	switch {
	case s.option && s.key == "":
		b.WriteString(pick(en, [2]string{": Option", ": option"}))
	case s.option && en:
		b.WriteString(": option " + s.key)
	case s.option:
		b.WriteString(": " + keyName(s.key, en) + " einer Option")
	case s.key != "":
		b.WriteString(": " + keyName(s.key, en))
	}
	return b.String()
}

// keyName is a YAML key as written, in German quotes.
func keyName(key string, en bool) string {
	if en {
		return key
	}
	return "„" + key + "“"
}

func pick(en bool, s [2]string) string {
	if en {
		return s[1]
	}
	return s[0]
}
