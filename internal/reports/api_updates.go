package reports

import (
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// apiUpdates answers GET servicerequestupdates (mySociety's extension, as
// FixMyStreet syncs): the public changes between start_date and end_date,
// oldest first, so a client can page forward from its last sync.
func (m *Module) apiUpdates(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	q, err := open311.ParseUpdateQuery(r.URL.Query(), m.Service.now(), apiLimits)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	list, err := m.Service.updatesSince(r.Context(), q.Start, q.End, q.Offset(), q.PageSize)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	doc := make(open311.RequestUpdates, 0, len(list))
	for _, u := range list {
		ru := open311.RequestUpdate{
			UpdateID:         strconv.FormatInt(u.ID, 10),
			ServiceRequestID: u.Ref,
			Status:           u.Status.Open311Update(),
			UpdatedDatetime:  apiTime(u.At),
			Description:      u.Note,
		}
		if u.PhotoKey != "" || u.PhotoURL != "" {
			ru.MediaURL = m.mediaURL(u.Ref, Photo{ID: u.PhotoID, Key: u.PhotoKey, URL: u.PhotoURL})
		}
		doc = append(doc, ru)
	}
	m.apiWrite(w, http.StatusOK, f, doc)
}

// apiPostUpdate answers POST servicerequestupdates: a trusted client (any
// valid api_key; keys are issued by the town's admins) changes the status
// of a report and/or adds a public note, as staff would. Statuses that say
// too little (CLOSED, INTERNAL_REFERRAL) and DUPLICATE (which needs the
// other report: staff merge it) are refused with 400. A repeated update_id
// gets the first receipt and changes nothing.
func (m *Module) apiPostUpdate(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	form, _, err := parseAPIForm(r)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	u, perr := open311.ParseUpdateSubmission(form, apiLimits)
	client, err := m.Service.APIClientByKey(r.Context(), u.APIKey)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	if perr != nil {
		m.apiFail(w, r, f, perr, "", "")
		return
	}
	status, ok := StatusFromOpen311Update(u.Status)
	if !ok || status == StatusDuplicate {
		m.apiErrors(w, r, f, open311.Errors{{Code: http.StatusBadRequest,
			Description: "status: " + m.site.T(r, "reports.api.update_status", string(u.Status))}})
		return
	}
	// The client acts like staff; the history and the audit log name it.
	eventID, err := m.Service.PostUpdate(r.Context(), client, web.ClientIP(r),
		APIUpdate{Ref: u.ServiceRequestID, UpdateID: u.UpdateID, Status: status, Note: u.Description})
	if err != nil {
		if fieldKey(err, "status") == "reports.status.unchanged" {
			err = errs.E(errs.BadRequest, "reports.api.update_unchanged")
		}
		m.apiFail(w, r, f, err, "service_request_id", u.ServiceRequestID)
		return
	}
	m.apiCache().clear()
	m.Logger.Info("open311 update", "client", client.Name, "report", u.ServiceRequestID, "status", status, "update_id", u.UpdateID)
	m.apiWrite(w, http.StatusOK, f, open311.UpdateReceipts{{UpdateID: strconv.FormatInt(eventID, 10)}})
}
