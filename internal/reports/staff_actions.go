package reports

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Each action on a report is a small form on its page: it calls one
// Service method, then goes back to the page with a message, or shows the
// page again with the errors next to the form.

// staffAct runs do on the report of the path and answers: on success a
// flash and a redirect to the report's page (or the form's local "next"),
// on bad input the page with the errors, otherwise the error page.
func (m *Module) staffAct(w http.ResponseWriter, r *http.Request, flash string, do func(id int64, actor Actor) error) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	err = do(id, staffActor(r))
	if status, ok := web.FormStatus(err); ok {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.staffRenderReport(w, r, status, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, flash)
	back := StaffPath(id)
	if _, err := m.Service.StaffEvents(r.Context(), id, staffActor(r)); errs.CodeOf(err) == errs.Forbidden {
		// Handed to a department the person does not work in: the report's
		// page is closed to them now, their inbox is not.
		back = "/staff/reports"
	}
	web.Redirect(w, r, web.SafeNext(r.PostFormValue("next"), back))
}

func (m *Module) staffAccept(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.accepted", func(id int64, a Actor) error {
		return m.Service.Accept(r.Context(), id, a)
	})
}

func (m *Module) staffSetStatus(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.status", func(id int64, a Actor) error {
		return m.Service.SetStatus(r.Context(), id, StatusChange{
			Status:       Status(r.PostFormValue("status")),
			PublicNote:   r.PostFormValue("public_note"),
			InternalNote: r.PostFormValue("internal_note"),
		}, a)
	})
}

func (m *Module) staffRecategorise(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.recategorised", func(id int64, a Actor) error {
		return m.Service.Recategorise(r.Context(), id, r.PostFormValue("category"), a)
	})
}

func (m *Module) staffReroute(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.rerouted", func(id int64, a Actor) error {
		dept, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("department")), 10, 64)
		if err != nil || dept <= 0 {
			var f errs.Fields
			f.Add("department", "reports.department.unknown")
			return f.Err()
		}
		return m.Service.Reroute(r.Context(), id, dept, a)
	})
}

// staffMove corrects the place. Both coordinates empty keep the old
// location; one of them alone, or a malformed one, is an error on the pair.
func (m *Module) staffMove(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.moved", func(id int64, a Actor) error {
		lat, lon := strings.TrimSpace(r.PostFormValue("lat")), strings.TrimSpace(r.PostFormValue("lon"))
		var p *geo.Point
		if lat != "" || lon != "" {
			pt, err := geo.ParsePoint(lat, lon)
			if err != nil {
				var f errs.Fields
				f.Add(FieldLocation, "reports.staff.location.invalid")
				return f.Err()
			}
			p = &pt
		}
		return m.Service.Move(r.Context(), id, p, r.PostFormValue("address"), a)
	})
}

// staffMerge closes the report as a duplicate of the one whose reference
// staff typed.
func (m *Module) staffMerge(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.merged", func(id int64, a Actor) error {
		ref := strings.TrimSpace(r.PostFormValue("target"))
		var f errs.Fields
		if ref == "" {
			f.Add("target", "field.required")
			return f.Err()
		}
		target, err := m.Service.ReportID(r.Context(), ref)
		if errs.CodeOf(err) == errs.NotFound {
			f.Add("target", "reports.staff.merge.unknown")
			return f.Err()
		}
		if err != nil {
			return err
		}
		return m.Service.Merge(r.Context(), id, target, a)
	})
}

func (m *Module) staffPublish(w http.ResponseWriter, r *http.Request) {
	published := r.PostFormValue("published") == "true"
	flash := "reports.staff.flash.hidden"
	if published {
		flash = "reports.staff.flash.published"
	}
	m.staffAct(w, r, flash, func(id int64, a Actor) error {
		return m.Service.SetPublished(r.Context(), id, published, a)
	})
}

func (m *Module) staffErase(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.erased", func(id int64, a Actor) error {
		return m.Service.ErasePersonalData(r.Context(), id, a)
	})
}

func (m *Module) staffReleasePhoto(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.photo_released", func(id int64, a Actor) error {
		n, err := staffPathID(r, "n")
		if err != nil {
			return err
		}
		return m.Service.ReleasePhoto(r.Context(), id, n, a)
	})
}

func (m *Module) staffHidePhoto(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.photo_hidden", func(id int64, a Actor) error {
		n, err := staffPathID(r, "n")
		if err != nil {
			return err
		}
		return m.Service.HidePhoto(r.Context(), id, n, a)
	})
}

// staffAddPhoto adds a staff photo, e.g. of the repaired place; it is
// public at once.
func (m *Module) staffAddPhoto(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "reports.staff.flash.photo_added", func(id int64, a Actor) error {
		p, err := m.staffUpload(r, "photo", true)
		if err != nil {
			return err
		}
		_, err = m.Service.AddPhoto(r.Context(), id, p, a)
		return err
	})
}
