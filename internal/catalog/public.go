package catalog

import (
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// maxResults is how many search results a page shows: beyond it, better
// words help more than scrolling.
const maxResults = 50

// MaxResults is maxResults for the template.
func (indexView) MaxResults() int { return maxResults }

// indexView is the catalog's start page: the search box with its results,
// or the ways to browse.
type indexView struct {
	Snap  *Snapshot
	Query string
	// Found is how many services the search found; Results are the first
	// maxResults of them.
	Found   int
	Results []listItem
	More    bool
	// All lists every service A–Z when there is no search.
	All []*Service
}

func (m *Module) index(w http.ResponseWriter, r *http.Request) {
	snap, running, err := m.published(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	v := indexView{Snap: snap, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if v.Query != "" {
		found := snap.Search(Query{Text: v.Query, Lang: lang})
		v.Found = len(found)
		if v.More = v.Found > maxResults; v.More {
			found = found[:maxResults]
		}
		v.Results = m.listItems(r, offerAll(running, found), 3)
	} else {
		v.All = offerAll(running, snap.ByName(lang, nil))
	}
	form := web.NewForm(nil)
	form.Values.Set("q", v.Query)
	m.site.Render(w, r, http.StatusOK, "catalog/index", v, form)
}

func (m *Module) service(w http.ResponseWriter, r *http.Request) {
	snap, running, err := m.published(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	s, ok := snap.Service(r.PathValue("slug"))
	if !ok {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	m.site.Render(w, r, http.StatusOK, "catalog/service", offer(running, s), nil)
}

// groupView is the page of one topic or life situation.
type groupView struct {
	Life     bool
	Group    Topic
	Services []listItem
}

func (m *Module) topic(w http.ResponseWriter, r *http.Request) { m.group(w, r, topics) }

func (m *Module) life(w http.ResponseWriter, r *http.Request) { m.group(w, r, lifeSituations) }

func (m *Module) group(w http.ResponseWriter, r *http.Request, k taxonomy) {
	snap, running, err := m.published(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := groupView{Life: k == lifeSituations}
	var ok bool
	if v.Life {
		if v.Group, ok = snap.LifeSituation(r.PathValue("slug")); ok {
			v.Services = m.listItems(r, offerAll(running, snap.InLife(v.Group.ID, web.Lang(r))), 2)
		}
	} else {
		if v.Group, ok = snap.Topic(r.PathValue("slug")); ok {
			v.Services = m.listItems(r, offerAll(running, snap.InTopic(v.Group.ID, web.Lang(r))), 2)
		}
	}
	if !ok {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	m.site.Render(w, r, http.StatusOK, "catalog/group", v, nil)
}

// listItem is a service in a result list, prepared in Go: a page of fifty
// results renders several times faster from plain fields than by calling
// methods from the template.
type listItem struct {
	// H is the level of the item's heading.
	H                   int
	Slug, Name, Summary string
	// NameLang and SummaryLang are set when the text is not in the page's
	// language (German on an English page).
	NameLang, SummaryLang string
	// Badge says "online possible", or is empty.
	Badge, Department string
}

func (m *Module) listItems(r *http.Request, list []*Service, h int) []listItem {
	lang := web.Lang(r)
	other := func(t Text) string {
		if l := t.LangIn(lang); l != lang {
			return l
		}
		return ""
	}
	out := make([]listItem, 0, len(list))
	for _, s := range list {
		it := listItem{H: h, Slug: s.Slug, Name: s.Name.In(lang), Summary: s.Summary(lang),
			NameLang: other(s.Name), SummaryLang: other(s.Description),
			Department: m.site.T(r, "catalog.item.department", s.Department.Name)}
		if s.HasForm() {
			it.Badge = m.site.T(r, "catalog.badge.online")
		}
		out = append(out, it)
	}
	return out
}
