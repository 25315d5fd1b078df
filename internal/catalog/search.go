package catalog

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Query is a search of the catalog, or a filtered list when Text is empty.
type Query struct {
	Text string
	// Lang is the language of the page or API client: German searches the
	// German texts; English searches the English texts and, weighed half,
	// the German ones (people type "Meldebescheinigung" in English too).
	Lang     string
	Topic    int64
	Life     int64
	Audience Audience
}

// Bounds of a query: longer ones are cut, so a hostile query costs no more
// than a long honest one.
const (
	maxQueryRunes = 200
	maxQueryWords = 10
)

// minShare drops results that score less than this share of the best one:
// with a match in a service's name, a mere mention in another service's
// description (or a part of a compound in a topic's name) is noise.
const minShare = 0.03

// HasText reports whether the query has words to search for.
func (q Query) HasText() bool { return strings.TrimSpace(q.Text) != "" }

// Search returns the published services that fit q, best first. Every
// service found matches as many of the query's words as the best one does:
// "Hund anmelden" lists the dog registration, not every "anmelden". Without
// text it returns the filtered services by name.
func (s *Snapshot) Search(q Query) []*Service {
	keep := func(v *Service) bool {
		return (q.Topic == 0 || v.InTopic(q.Topic)) && (q.Life == 0 || v.InLife(q.Life)) &&
			(q.Audience == "" || q.Audience == Citizens && v.ForCitizens || q.Audience == Businesses && v.ForBusinesses)
	}
	if !q.HasText() {
		return s.ByName(q.Lang, keep)
	}
	wordList := queryWords(q.Text)
	if len(wordList) == 0 {
		// Only stop words ("und", "the"): nothing to look for.
		return nil
	}
	n := len(s.Services)
	total := make([]float64, n)
	covered := make([]float64, n)
	evidence := make([]float64, n)
	term, other := newTermHits(n), newTermHits(n)
	for _, w := range wordList {
		term.reset()
		if q.Lang == "en" {
			s.en.match(englishAnalyzer.term(w), term, evidence)
			other.reset()
			s.de.match(germanAnalyzer.term(w), other, evidence)
			for i, v := range other.score {
				term.score[i] = max(term.score[i], v/2)
				term.cover[i] = max(term.cover[i], other.cover[i])
			}
		} else {
			s.de.match(germanAnalyzer.term(w), term, evidence)
		}
		for i, v := range term.score {
			total[i] += v
			covered[i] += term.cover[i]
		}
	}
	best := 0.0
	for i, v := range s.Services {
		if covered[i] > best && keep(v) {
			best = covered[i]
		}
	}
	if best == 0 {
		return nil
	}
	top := 0.0
	for i, v := range s.Services {
		if covered[i] == best && keep(v) {
			top = max(top, total[i])
		}
	}
	var hits []int
	for i, v := range s.Services {
		if covered[i] == best && keep(v) && total[i] >= minShare*top {
			hits = append(hits, i)
		}
	}
	sort.SliceStable(hits, func(a, b int) bool {
		x, y := hits[a], hits[b]
		if total[x] != total[y] {
			return total[x] > total[y]
		}
		return evidence[x] > evidence[y]
	})
	out := make([]*Service, len(hits))
	for i, h := range hits {
		out[i] = s.Services[h]
	}
	return out
}

// queryWords returns the query's words without stop words of either
// language, bounded in number and length.
func queryWords(text string) []string {
	if utf8.RuneCountInString(text) > maxQueryRunes {
		text = string([]rune(text)[:maxQueryRunes])
	}
	var out []string
	for _, w := range words(text) {
		if germanAnalyzer.stopwords[w] || englishAnalyzer.stopwords[w] {
			continue
		}
		out = append(out, w)
		if len(out) == maxQueryWords {
			break
		}
	}
	return out
}

// sortByName sorts services by their name in lang, as a German (or English)
// reader expects: "Ä" with "A", case ignored. Sort keys are made once per
// name, which is much cheaper than comparing with the collator each time.
func sortByName(list []*Service, lang string) {
	tag := language.German
	if lang == "en" {
		tag = language.English
	}
	c := collate.New(tag, collate.IgnoreCase)
	var buf collate.Buffer
	keys := make(map[*Service][]byte, len(list))
	for _, s := range list {
		keys[s] = bytes.Clone(c.KeyFromString(&buf, s.Name.In(lang)))
		buf.Reset()
	}
	sort.SliceStable(list, func(i, j int) bool { return bytes.Compare(keys[list[i]], keys[list[j]]) < 0 })
}
