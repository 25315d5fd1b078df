package cases

import (
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffCaseView is a case's page for the department.
type staffCaseView struct {
	staffFmt
	Detail
	Path    string
	Members []Member
	Me      int64
	// UploadMB is the largest decision document in MB.
	UploadMB int64
}

// Lines are the answers in the page's language (German when the summary
// has none in it).
func (v staffCaseView) Lines() []Line {
	if l, ok := v.Summary[v.staffFmt.Lang]; ok && len(l) > 0 {
		return l
	}
	return v.Summary["de"]
}

// FileURL is where a file of the case is downloaded.
func (v staffCaseView) FileURL(d Document) string {
	return v.Path + "/files/" + strconv.FormatInt(d.ID, 10)
}

// FilesOf returns the case's files of one kind.
func (v staffCaseView) FilesOf(kind string) []Document {
	var out []Document
	for _, d := range v.Documents {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

// CitizenFiles are the files the citizen sent after the form: answers to
// requests and other uploads.
func (v staffCaseView) CitizenFiles() []Document {
	var out []Document
	for _, d := range v.Documents {
		if d.Kind == DocRequest || d.Kind == DocUpload {
			out = append(out, d)
		}
	}
	return out
}

// RequestFiles are the files sent for request id.
func (v staffCaseView) RequestFiles(id int64) []Document {
	var out []Document
	for _, d := range v.Documents {
		if d.RequestID == id {
			out = append(out, d)
		}
	}
	return out
}

// EventKey is the message key of an event's kind.
func (v staffCaseView) EventKey(e Event) string { return "cases.staff.event." + e.Kind }

// ActorKey is the message key of who made an event, for events without a
// named staff member.
func (v staffCaseView) ActorKey(e Event) string { return "cases.staff.by." + e.ActorKind }

// EventAssignee is the name of an event's assignee (assigned, claimed).
func (v staffCaseView) EventAssignee(e Event) string {
	for _, m := range v.Members {
		if m.ID == e.RefID {
			return m.Name
		}
	}
	return ""
}

// StatusField offers the case's form's statuses in their order; closing
// ones say so.
func (v staffCaseView) StatusField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, s := range v.Statuses {
		label := s.Label.In(p.Lang)
		if s.Closing {
			label = p.T("cases.staff.case.status_closing", label)
		}
		opts = append(opts, web.Option{Value: s.Key, Label: label})
	}
	return p.Select("status", "cases.staff.case.new_status", opts)
}

// AssigneeField offers the department's staff.
func (v staffCaseView) AssigneeField(p *web.Page) web.FieldView {
	opts := []web.Option{{Value: "0", Label: p.T("cases.staff.case.nobody")}}
	for _, m := range v.Members {
		opts = append(opts, web.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
	}
	return p.Select("assignee", "cases.staff.case.assignee", opts)
}

func (m *Module) staffCase(w http.ResponseWriter, r *http.Request) {
	m.renderCase(w, r, http.StatusOK, nil)
}

// renderCase shows the case page with status and form (nil: the case's
// current values); a POST with errors shows them there.
func (m *Module) renderCase(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ctx := r.Context()
	d, err := m.Service.StaffView(ctx, id, staffActor(r))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := staffCaseView{staffFmt: m.staffFmt(r), Detail: d, Path: StaffPath(id), UploadMB: (m.uploadLimit() + 1<<20 - 1) >> 20}
	if p := web.PrincipalOf(r); p.SignedIn() {
		v.Me = p.User.ID
	}
	if v.Members, err = m.Service.Members(ctx, d.DepartmentID); err != nil {
		m.site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(nil)
	}
	if form.Get("status") == "" {
		form.Values.Set("status", d.Status)
	}
	if form.Get("assignee") == "" {
		form.Values.Set("assignee", strconv.FormatInt(d.AssigneeID, 10))
	}
	m.site.Render(w, r, status, "cases.staff/case", v, form)
}

// Errors is the page's error summary; each item names the control of the
// page's forms it is about.
func (v staffCaseView) Errors(p *web.Page) []web.SummaryItem {
	return errorItems(p, []errorField{
		{"assignee", p.T("cases.staff.case.assignee")},
		{"status", p.T("cases.staff.case.new_status")},
		{"public_note", p.T("cases.staff.case.public_note")},
		{"internal_note", p.T("cases.staff.case.internal_note")},
		{"reason", p.T("cases.staff.case.reason")},
		{"body", p.T("cases.staff.case.message")},
		{"description", p.T("cases.staff.case.request")},
		{"file", p.T("cases.staff.case.decision")},
	})
}

// OpenRequests counts the document requests still waiting for a file;
// closing the case withdraws them.
func (v staffCaseView) OpenRequests() int { return openRequests(v.Requests) }

// DocumentsStatusName is the label of the status a document request moves
// the case to, "" when its form has none.
func (v staffCaseView) DocumentsStatusName() string {
	if k := v.DocumentsStatus(); k != "" && k != v.Case.Status {
		return v.StatusName(v.Case, k)
	}
	return ""
}
