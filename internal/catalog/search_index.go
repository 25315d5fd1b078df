package catalog

import (
	"math"
	"sort"
	"strings"
)

// field is where in a service a term was found. Lower is more telling.
type field uint8

const (
	inName field = iota
	inKeywords
	inTopics
	inDescription
)

// fieldWeights rank by where a query matched: name > keywords > topics and
// life situations > description. The steps are wide, so a weak match in the
// name still beats an exact one in the keywords.
var fieldWeights = [...]float64{inName: 150, inKeywords: 20, inTopics: 8, inDescription: 4}

// How well a query term fits a term of the catalog.
const (
	exactMatch  = 1.0
	prefixMatch = 0.8 // "Hund" fits "Hundesteuer": a modifier, or a word being typed
	suffixMatch = 0.7 // "Ausweis" fits "Personalausweis": the head of a compound
	infixMatch  = 0.5 // "park" fits "Bewohnerparkausweis"
	partMatch   = 0.8 // "Hundesteuer" fits "Hund": the query is the compound
	// Terms shorter than these only match exactly (or as a prefix): "amt"
	// inside every "Standesamt" would be noise.
	minPrefix = 3
	minInner  = 4
)

// posting says that a service has a term, in its most telling field;
// mass adds up the weights of all its occurrences.
type posting struct {
	doc   int32
	field field
	mass  float32
}

// index is an inverted index over one language's texts of the published
// services. Matching walks the whole vocabulary (a few thousand terms for a
// town's catalog), so parts of compounds are found both ways without a
// dictionary: "Hundesteuer" finds "Hund", and "Steuer" finds "Hundesteuer".
type index struct {
	a        analyzer
	docs     []*Service
	postings map[string][]posting
	vocab    []string
	// idf is each term's inverse document frequency scaled to 0..1.
	idf map[string]float64
}

// fieldTexts returns the texts of s in the index's language by field.
func (a analyzer) fieldTexts(s *Service) [4][]string {
	var f [4][]string
	if a.lang == "de" {
		f[inName] = []string{s.Name.DE}
		f[inKeywords] = []string{s.Keywords.DE, s.LeiKaKey}
		f[inDescription] = []string{s.Description.DE}
		for _, r := range append(append([]Ref(nil), s.Topics...), s.Life...) {
			f[inTopics] = append(f[inTopics], r.Name.DE)
		}
		return f
	}
	f[inName] = []string{s.Name.EN}
	f[inKeywords] = []string{s.Keywords.EN, s.LeiKaKey}
	f[inDescription] = []string{s.Description.EN}
	for _, r := range append(append([]Ref(nil), s.Topics...), s.Life...) {
		f[inTopics] = append(f[inTopics], r.Name.EN)
	}
	return f
}

func newIndex(a analyzer, docs []*Service) *index {
	x := &index{a: a, docs: docs, postings: map[string][]posting{}, idf: map[string]float64{}}
	// Catalogs repeat their words ("beantragen", "Personalausweis"):
	// stem each once.
	stems := map[string]string{}
	terms := func(text string) []string {
		var out []string
		for _, w := range words(text) {
			t, ok := stems[w]
			if !ok {
				t = a.term(w)
				stems[w] = t
			}
			if t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	for i, s := range docs {
		found := map[string]*posting{}
		texts := a.fieldTexts(s)
		for f := len(texts) - 1; f >= 0; f-- {
			for _, text := range texts[f] {
				for _, t := range terms(text) {
					p := found[t]
					if p == nil {
						p = &posting{doc: int32(i)}
						found[t] = p
					}
					p.field = field(f)
					p.mass += float32(fieldWeights[f])
				}
			}
		}
		for t, p := range found {
			x.postings[t] = append(x.postings[t], *p)
		}
	}
	n := float64(len(docs))
	maxIDF := math.Log(1 + n)
	for t, ps := range x.postings {
		x.vocab = append(x.vocab, t)
		x.idf[t] = math.Log(1+n/float64(len(ps))) / maxIDF
	}
	sort.Strings(x.vocab)
	return x
}

// termHits is what one query term found: per service the score of its
// best match and how much of the term it covers: 1 for a direct match, ½
// for each part of a compound query found on its own. A service with both
// parts of "Gewerbeanmeldung" covers it; one with only "anmelden" covers
// half and stays out when another covers all (see Snapshot.Search).
type termHits struct {
	score, cover []float64
}

func newTermHits(n int) termHits {
	return termHits{score: make([]float64, n), cover: make([]float64, n)}
}

func (h termHits) reset() {
	clear(h.score)
	clear(h.cover)
}

// match finds the services for one query term: a direct match (the term
// equals, starts, ends or lies inside a catalog term) or the query term's
// parts (catalog terms it starts and ends with), whichever scores more. It
// adds every direct match to evidence, which breaks ties: of two services
// named "Hund …", the one that says more about dogs comes first.
func (x *index) match(q string, h termHits, evidence []float64) {
	if q == "" {
		return
	}
	n := len(x.docs)
	var prefixPart, suffixPart []float64
	for _, t := range x.vocab {
		quality := 0.0
		switch {
		case t == q:
			quality = exactMatch
		case len(q) >= minPrefix && strings.HasPrefix(t, q):
			quality = prefixMatch
		case len(q) >= minInner && strings.HasSuffix(t, q):
			quality = suffixMatch
		case len(q) >= minInner && strings.Contains(t, q):
			quality = infixMatch
		}
		if quality > 0 {
			for _, p := range x.postings[t] {
				v := x.weigh(p, t, quality)
				evidence[p.doc] += v * float64(p.mass) / fieldWeights[p.field]
				if v > h.score[p.doc] {
					h.score[p.doc] = v
				}
				h.cover[p.doc] = 1
			}
			continue
		}
		// The query is a compound of catalog terms: each part counts by
		// the share of the query it covers.
		if len(t) < minInner || len(t) >= len(q) {
			continue
		}
		var parts *[]float64
		switch {
		case strings.HasPrefix(q, t):
			parts = &prefixPart
		case strings.HasSuffix(q, t):
			parts = &suffixPart
		default:
			continue
		}
		if *parts == nil {
			*parts = make([]float64, n)
		}
		cover := float64(len(t)) / float64(len(q))
		for _, p := range x.postings[t] {
			if v := x.weigh(p, t, partMatch*cover); v > (*parts)[p.doc] {
				(*parts)[p.doc] = v
			}
		}
	}
	for i := 0; i < n && (prefixPart != nil || suffixPart != nil); i++ {
		v, cover := 0.0, 0.0
		for _, part := range [][]float64{prefixPart, suffixPart} {
			if part != nil && part[i] > 0 {
				v += part[i]
				cover += 0.5
			}
		}
		if v > h.score[i] {
			h.score[i] = v
		}
		h.cover[i] = max(h.cover[i], cover)
	}
}

// weigh is one match's score: the field decides, the quality of the match
// next, a rare term a little more than a common one.
func (x *index) weigh(p posting, term string, quality float64) float64 {
	return fieldWeights[p.field] * quality * (0.75 + 0.25*x.idf[term])
}
