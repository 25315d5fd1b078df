package open311

import (
	"net/url"
	"time"
)

// UpdateQuery is the validated filter of GET servicerequestupdates.
type UpdateQuery struct {
	// APIKey is optional for reading; FixMyStreet sends it anyway.
	APIKey string
	// Start and End bound updated_datetime, by the rules of start_date and
	// end_date of GET requests.
	Start, End     time.Time
	Page, PageSize int
}

// Offset returns the number of updates before Page.
func (q UpdateQuery) Offset() int { return (q.Page - 1) * q.PageSize }

// ParseUpdateQuery validates the parameters of GET servicerequestupdates:
// start_date, end_date, and the page and page_size of GET requests. The
// error is Errors.
func ParseUpdateQuery(v url.Values, now time.Time, lim Limits) (UpdateQuery, error) {
	lim = lim.withDefaults()
	p := params{v: v}
	q := UpdateQuery{APIKey: p.text("api_key", maxToken, false)}
	q.Start, q.End = p.dateRange(now, lim.MaxSpan)
	q.PageSize = p.integer("page_size", 1, lim.MaxPageSize, lim.DefaultPageSize)
	q.Page = p.integer("page", 1, maxOffset/q.PageSize+1, 1)
	return q, p.err()
}

// UpdateSubmission is a validated POST servicerequestupdates: a client's
// comment or status change on a request.
type UpdateSubmission struct {
	// APIKey is set even when parsing fails, for the 403 first.
	APIKey           string
	ServiceRequestID string
	// UpdateID is the client's id of the update; together with the key it
	// makes a repeated POST recognisable.
	UpdateID        string
	UpdatedDatetime time.Time
	Status          UpdateStatus
	Description     string
	Email           string
	FirstName       string
	LastName        string
	Phone           string
	Title           string
	AccountID       string
	MediaURLs       []string
}

// ParseUpdateSubmission validates the form of POST servicerequestupdates.
// service_request_id, update_id, updated_datetime and status are required;
// status is one of UpdateStatuses in any case. The error is Errors.
func ParseUpdateSubmission(v url.Values, lim Limits) (UpdateSubmission, error) {
	lim = lim.withDefaults()
	p := params{v: v}
	u := UpdateSubmission{APIKey: p.text("api_key", maxToken, false)}
	u.ServiceRequestID = p.required("service_request_id", maxToken)
	u.UpdateID = p.required("update_id", maxToken)
	if u.UpdatedDatetime = p.datetime("updated_datetime"); !p.present("updated_datetime") {
		p.fail("open311.error.required", "updated_datetime")
	}
	if s := p.required("status", maxToken); s != "" {
		st, ok := parseUpdateStatus(s)
		if !ok {
			p.fail("open311.error.update_status", "status", updateStatusList())
		}
		u.Status = st
	}
	u.Description = p.text("description", maxDescription, true)
	u.Email = p.email("email")
	u.FirstName = p.text("first_name", maxName, false)
	u.LastName = p.text("last_name", maxName, false)
	u.Phone = p.text("phone", 50, false)
	u.Title = p.text("title", maxName, false)
	u.AccountID = p.text("account_id", maxToken, false)
	u.MediaURLs = p.urls("media_url", lim.MaxMediaURLs)
	return u, p.err()
}

// required reads a one-line parameter that must be there.
func (p *params) required(name string, max int) string {
	if !p.present(name) {
		p.fail("open311.error.required", name)
		return ""
	}
	return p.text(name, max, false)
}
