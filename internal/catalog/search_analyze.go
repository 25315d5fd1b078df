package catalog

import (
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
)

// analyzer turns text into search terms: words, lower case, spelling
// variants folded, stop words dropped, Snowball stems. The same analyzer
// runs over the catalog and over the query, so both meet in the same form.
type analyzer struct {
	lang      string
	stopwords map[string]bool
}

var (
	germanAnalyzer  = analyzer{lang: "de", stopwords: set(germanStopwords)}
	englishAnalyzer = analyzer{lang: "en", stopwords: set(englishStopwords)}
)

// germanStopwords are words that say nothing about a service. Words such as
// "anmelden" or "beantragen" stay: they tell services apart, and rare ones
// weigh more anyway.
const germanStopwords = `aber alle als am an auch auf aus bei beim bin bis da das dass dem den der des die
	doch du ein eine einem einen einer eines er es fuer für hat habe haben ich ihr ihre im in ist ja kann
	man mein meine meinem meinen meiner mich mir mit muss nach nicht noch nur oder sein seine sich sie
	sind so über ueber um und uns unser vom von vor war was wer wie wir wo zu zum zur möchte moechte will`

const englishStopwords = `a an and are as at be by can do does for from get how i in is it me my need
	of on or our please the to want what when where who with you your`

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// words splits text into lower-case words: runs of letters and digits.
// Hyphenated compounds ("Kfz-Zulassung") become their parts.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// terms returns the stems of text's words, stop words left out.
func (a analyzer) terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		if t := a.term(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// term returns the stem of one lower-case word, "" for a stop word.
func (a analyzer) term(w string) string {
	if a.stopwords[w] {
		return ""
	}
	env := snowballstem.NewEnv(a.fold(w))
	if a.lang == "de" {
		german.Stem(env)
	} else {
		english.Stem(env)
	}
	return env.Current()
}

// fold brings spelling variants to one form before stemming. German:
// "ae", "oe", "ue" typed for ä, ö, ü become the umlaut (the stemmer then
// drops the dots, so "Bürger", "Buerger" and "Burger" meet), except after
// a vowel or q, where they are letters of their own ("Steuer", "Quelle");
// ß becomes ss. English: accents are dropped.
func (a analyzer) fold(w string) string {
	if a.lang != "de" {
		return stripAccents(w)
	}
	if !strings.ContainsAny(w, "eß") {
		return w
	}
	r := []rune(w)
	var b strings.Builder
	b.Grow(len(w) + 2)
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c == 'ß' {
			b.WriteString("ss")
			continue
		}
		if i+1 < len(r) && r[i+1] == 'e' && (i == 0 || !isVowel(r[i-1]) && r[i-1] != 'q') {
			if u, ok := umlauts[c]; ok {
				b.WriteRune(u)
				i++
				continue
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

var umlauts = map[rune]rune{'a': 'ä', 'o': 'ö', 'u': 'ü'}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö', 'ü':
		return true
	}
	return false
}

// stripAccents drops the accents English texts borrow ("café"), and
// umlauts, so German names typed without them match.
func stripAccents(w string) string {
	if isASCII(w) {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		if s, ok := accents[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var accents = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ß': "ss",
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
