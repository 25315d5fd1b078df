package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// The JSON shapes of /api/v1/services, as openapi.json describes them.

type apiText struct {
	DE string `json:"de"`
	EN string `json:"en"`
}

type apiTextList struct {
	DE []string `json:"de"`
	EN []string `json:"en"`
}

type apiDepartment struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type apiRef struct {
	Slug string  `json:"slug"`
	Name apiText `json:"name"`
	URL  string  `json:"url"`
}

type apiFees struct {
	Text apiText `json:"text"`
	// AmountCents is the fee when it is one fixed amount.
	AmountCents *int64 `json:"amount_cents"`
	Currency    string `json:"currency"`
}

type apiService struct {
	Slug           string        `json:"slug"`
	URL            string        `json:"url"`
	LeiKaKey       *string       `json:"leika_key"`
	Name           apiText       `json:"name"`
	Description    apiText       `json:"description"`
	Procedure      apiText       `json:"procedure"`
	Audience       []Audience    `json:"audience"`
	Department     apiDepartment `json:"department"`
	Channels       []Channel     `json:"channels"`
	FormID         *string       `json:"form_id"`
	FormURL        *string       `json:"form_url"`
	FormSchemaURL  *string       `json:"form_schema_url"`
	Documents      apiTextList   `json:"documents"`
	Fees           apiFees       `json:"fees"`
	LegalBasis     string        `json:"legal_basis"`
	Keywords       apiTextList   `json:"keywords"`
	Topics         []apiRef      `json:"topics"`
	LifeSituations []apiRef      `json:"life_situations"`
	UpdatedAt      string        `json:"updated_at"`
}

// Paging of the list: a town's whole catalog is a few hundred services,
// which a client gets in a few pages. A list answer is {"count", "offset",
// "limit", "services"}: count is the number of services found, services the
// page of them from offset on (openapi.json's ServiceList).
const (
	defaultLimit = 100
	maxLimit     = 500
)

// text gives both languages, English falling back to German as on the
// pages.
func text(t Text) apiText { return apiText{DE: t.DE, EN: t.In("en")} }

func (m *Module) toAPI(s *Service) apiService {
	a := apiService{
		Slug:        s.Slug,
		URL:         m.BaseURL + "/services/" + s.Slug,
		Name:        text(s.Name),
		Description: text(s.Description),
		Procedure:   text(s.Procedure),
		Audience:    s.Audiences(),
		Department:  apiDepartment{Slug: s.Department.Slug, Name: s.Department.Name},
		Channels:    s.Channels(),
		Documents:   apiTextList{DE: nonNil(s.DocumentList("de")), EN: nonNil(s.DocumentList("en"))},
		Fees:        apiFees{Text: text(s.Fees), AmountCents: s.FeeCents, Currency: "EUR"},
		LegalBasis:  s.LegalBasis,
		Keywords:    apiTextList{DE: nonNil(s.KeywordList("de")), EN: nonNil(s.KeywordList("en"))},
		Topics:      m.refs(s.Topics, "/services/topic/"),

		LifeSituations: m.refs(s.Life, "/services/life/"),
		UpdatedAt:      s.UpdatedAt.UTC().Format(time.RFC3339),
	}
	if s.LeiKaKey != "" {
		a.LeiKaKey = &s.LeiKaKey
	}
	if s.HasForm() {
		id, form, schema := s.FormID, m.BaseURL+s.FormPath(), m.BaseURL+s.FormPath()+"/schema.json"
		a.FormID, a.FormURL, a.FormSchemaURL = &id, &form, &schema
	}
	return a
}

func (m *Module) refs(list []Ref, prefix string) []apiRef {
	out := make([]apiRef, 0, len(list))
	for _, r := range list {
		out = append(out, apiRef{Slug: r.Slug, Name: text(r.Name), URL: m.BaseURL + prefix + r.Slug})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// apiList answers GET /api/v1/services: the published services, filtered
// by ?topic=, ?life= and ?audience=, or searched with ?q= (in the language
// of ?lang=, German by default), a page of ?limit= from ?offset=.
func (m *Module) apiList(w http.ResponseWriter, r *http.Request) {
	snap, err := m.Catalog.Published(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	p := r.URL.Query()
	q := Query{Text: p.Get("q"), Lang: web.Lang(r)}
	var bad errs.Fields
	if slug := p.Get("topic"); slug != "" {
		t, ok := snap.Topic(slug)
		if !ok {
			bad.Add("topic", "catalog.api.unknown_topic")
		}
		q.Topic = t.ID
	}
	if slug := p.Get("life"); slug != "" {
		t, ok := snap.LifeSituation(slug)
		if !ok {
			bad.Add("life", "catalog.api.unknown_life")
		}
		q.Life = t.ID
	}
	switch a := Audience(p.Get("audience")); a {
	case "", Citizens, Businesses:
		q.Audience = a
	default:
		bad.Add("audience", "catalog.api.unknown_audience")
	}
	limit, offset := defaultLimit, 0
	if v := p.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			bad.Add("limit", "catalog.api.limit", maxLimit)
		}
		limit = n
	}
	if v := p.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			bad.Add("offset", "catalog.api.offset")
		}
		offset = n
	}
	if len(bad) > 0 {
		e := errs.E(errs.BadRequest, "error.bad_request")
		e.Fields = bad
		m.site.Error(w, r, e)
		return
	}
	list := snap.Search(q)
	enc := m.encoded(snap)
	// The services are encoded already; encoding/json would scan each of
	// them again, so the list is put together by hand. (offset+limit could
	// overflow: the end is counted from the start.)
	start := min(offset, len(list))
	page := list[start : start+min(limit, len(list)-start)]
	size := 80
	for _, s := range page {
		size += len(enc[s]) + 1
	}
	var b bytes.Buffer
	b.Grow(size)
	fmt.Fprintf(&b, `{"count":%d,"offset":%d,"limit":%d,"services":[`, len(list), offset, limit)
	for i, s := range page {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(enc[s])
	}
	b.WriteString("]}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b.Bytes())
}

// encoded returns every published service of snap as JSON, made once per
// snapshot: a search answer then only strings them together.
func (m *Module) encoded(snap *Snapshot) map[*Service]json.RawMessage {
	return snap.Memo(m, func() any {
		out := make(map[*Service]json.RawMessage, len(snap.Services))
		for _, s := range snap.Services {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(true)
			if err := enc.Encode(m.toAPI(s)); err != nil {
				panic(fmt.Sprintf("catalog: encode %s: %v", s.Slug, err)) // plain structs of strings: cannot fail
			}
			out[s] = bytes.TrimRight(b.Bytes(), "\n")
		}
		return out
	}).(map[*Service]json.RawMessage)
}

// apiService answers GET /api/v1/services/{slug}.
func (m *Module) apiService(w http.ResponseWriter, r *http.Request) {
	snap, err := m.Catalog.Published(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	s, ok := snap.Service(r.PathValue("slug"))
	if !ok {
		m.site.Error(w, r, errs.E(errs.NotFound, "catalog.api.not_found"))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(append(m.encoded(snap)[s], '\n'))
}

// cors lets web pages of other sites read the catalog: it is public data
// meant for state portals and apps.
func cors(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		h(w, r)
	}
}

// preflight answers a CORS preflight for the reads.
func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
