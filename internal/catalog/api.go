package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
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
	Slug                string        `json:"slug"`
	URL                 string        `json:"url"`
	LeiKaKey            *string       `json:"leika_key"`
	Name                apiText       `json:"name"`
	Description         apiText       `json:"description"`
	Procedure           apiText       `json:"procedure"`
	Audience            []Audience    `json:"audience"`
	Department          apiDepartment `json:"department"`
	Channels            []Channel     `json:"channels"`
	FormID              *string       `json:"form_id"`
	FormURL             *string       `json:"form_url"`
	FormSchemaURL       *string       `json:"form_schema_url"`
	FormAccountRequired *bool         `json:"form_account_required"`
	Documents           apiTextList   `json:"documents"`
	Fees                apiFees       `json:"fees"`
	LegalBasis          string        `json:"legal_basis"`
	Keywords            apiTextList   `json:"keywords"`
	Topics              []apiRef      `json:"topics"`
	LifeSituations      []apiRef      `json:"life_situations"`
	UpdatedAt           string        `json:"updated_at"`
}

// Paging of the list: a town's whole catalog is a few hundred services,
// which a client gets in a few pages. A list answer is {"count", "offset",
// "limit", "services"}: count is the number of services found, services the
// page of them from offset on (openapi.json's ServiceList).
const defaultLimit = 100 // openapi.json's default of limit

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
		Channels:    append([]Channel{}, s.Channels()...), // [] rather than null when the form is out of service
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
		account := s.AccountRequired()
		a.FormID, a.FormURL, a.FormSchemaURL, a.FormAccountRequired = &id, &form, &schema, &account
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
// of ?lang=, German by default), a page of ?limit= from ?offset=. The
// parameters' form and range are checked against openapi.json before
// (checked); here only whether a topic or life situation exists.
func (m *Module) apiList(w http.ResponseWriter, r *http.Request) {
	snap, running, err := m.published(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	p := r.URL.Query()
	q := Query{Text: p.Get("q"), Lang: apiLang(p), Audience: Audience(p.Get("audience"))}
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
	if len(bad) > 0 {
		e := errs.E(errs.BadRequest, "error.bad_request")
		e.Fields = bad
		m.site.Error(w, r, e)
		return
	}
	limit, offset := defaultLimit, 0
	if v := p.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if v := p.Get("offset"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	limit, offset = max(limit, 0), max(offset, 0) // the document says so; never a slice out of range
	list := snap.Search(q)
	enc := m.encoded(snap, running)
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
	answer(w, r, b.Bytes(), catalogMaxAge)
}

// apiLang is the language of the search: ?lang= (checked against the
// document), German without it. Unlike the pages, the API does not follow
// the visitor's cookie, so one URL always gives the same answer.
func apiLang(p url.Values) string {
	if l := p.Get("lang"); l != "" {
		return l
	}
	return "de"
}

// encodedKey names the API's encoding of a snapshot's services with its
// forms as formsKey describes them.
type encodedKey struct {
	m     *Module
	forms string
}

// encoded returns every published service of snap as JSON, made once per
// snapshot and set of forms out of service: a search answer then only
// strings them together.
func (m *Module) encoded(snap *Snapshot, running map[string]Form) map[*Service]json.RawMessage {
	return snap.Memo(encodedKey{m, formsKey(snap, running)}, func() any {
		out := make(map[*Service]json.RawMessage, len(snap.Services))
		for _, s := range snap.Services {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(true)
			if err := enc.Encode(m.toAPI(offer(running, s))); err != nil {
				panic(fmt.Sprintf("catalog: encode %s: %v", s.Slug, err)) // plain structs of strings: cannot fail
			}
			out[s] = bytes.TrimRight(b.Bytes(), "\n")
		}
		return out
	}).(map[*Service]json.RawMessage)
}

// apiService answers GET /api/v1/services/{slug}.
func (m *Module) apiService(w http.ResponseWriter, r *http.Request) {
	snap, running, err := m.published(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	s, ok := snap.Service(r.PathValue("slug"))
	if !ok {
		m.site.Error(w, r, errs.E(errs.NotFound, "catalog.api.not_found"))
		return
	}
	answer(w, r, append(m.encoded(snap, running)[s], '\n'), catalogMaxAge)
}

// catalogMaxAge is how many seconds a client may keep an answer about
// services: the catalog changes a few times a day, and a form may go out of
// service at any time.
const catalogMaxAge = 60

// answer writes a JSON answer of the public API with its validator, so a
// client that kept it maxAge seconds can ask whether it changed
// (If-None-Match) instead of fetching it again. The tag is weak because the
// answer may be sent compressed.
func answer(w http.ResponseWriter, r *http.Request, body []byte, maxAge int) {
	sum := sha256.Sum256(body)
	tag := `W/"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
	h.Set("ETag", tag)
	if matches(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// matches compares an If-None-Match list with tag the weak way (RFC 9110,
// 13.1.2): W/ does not count.
func matches(header, tag string) bool {
	tag = strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// cors lets web pages of other sites read the catalog: it is public data
// meant for state portals and apps.
func cors(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		// A script may read the validator to ask again with If-None-Match.
		w.Header().Set("Access-Control-Expose-Headers", "ETag")
		h(w, r)
	}
}

// preflight answers a CORS preflight for the reads.
func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
