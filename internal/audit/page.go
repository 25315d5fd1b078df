package audit

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

//go:embed templates locales
var files embed.FS

// Module is the administrators' page of the audit log.
type Module struct {
	Log *Log
	// Users resolves the e-mail address typed into the actor filter.
	Users *auth.Service
	site  *web.Site
}

// pageSize is how many entries one page of the log shows.
const pageSize = DefaultLimit

// Routes registers the page, its messages and its navigation entry.
func (m *Module) Routes(site *web.Site) error {
	m.site = site
	if err := site.AddModule("audit", files); err != nil {
		return err
	}
	site.HandleFunc("GET /admin/audit", auth.Admin, m.list)
	site.AddNav(web.NavItem{Key: "audit.nav", Path: "/admin/audit", Rule: auth.Admin, Order: 90})
	return nil
}

type listPage struct {
	// Listed is false when the filter was invalid and nothing was read.
	Listed bool
	Rows   []row
	// Older and Newest are links to the next page and back to the first.
	Older, Newest string
}

type row struct {
	Record
	When, WhenISO string
}

func (m *Module) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	query := r.URL.Query()
	form := web.NewForm(query)
	f, err := m.parseFilter(ctx, query)
	if err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			m.site.Error(w, r, err)
			return
		}
		form.SetErrors(err)
		m.site.Render(w, r, http.StatusUnprocessableEntity, "audit/log", listPage{}, form)
		return
	}
	// Reading the log is itself an access to personal data, so it is logged
	// first: if that fails, nothing is shown.
	view := By(web.PrincipalOf(r).User.ID, web.ClientIP(r)).Did("audit.view", "audit_log", "")
	view.Detail = filterQuery(query).Encode()
	if err := m.Log.Record(ctx, db.From(ctx), view); err != nil {
		m.site.Error(w, r, err)
		return
	}
	f.Limit = pageSize + 1
	recs, err := m.Log.List(ctx, f)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	data := listPage{Listed: true}
	if len(recs) > pageSize {
		recs = recs[:pageSize]
		older := filterQuery(query)
		older.Set("before", strconv.FormatInt(recs[len(recs)-1].ID, 10))
		data.Older = "/admin/audit?" + older.Encode()
	}
	if f.BeforeID != 0 {
		data.Newest = "/admin/audit"
		if q := filterQuery(query).Encode(); q != "" {
			data.Newest += "?" + q
		}
	}
	for _, rec := range recs {
		at := rec.At.In(townZone)
		data.Rows = append(data.Rows, row{Record: rec, When: at.Format("2006-01-02 15:04:05 MST"), WhenISO: rec.At.Format(time.RFC3339)})
	}
	m.site.Render(w, r, http.StatusOK, "audit/log", data, form)
}

// filterQuery returns the filter fields of q, without paging or language.
func filterQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range filterFields {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}
