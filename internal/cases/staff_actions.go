package cases

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// decisionTypes are the accepted decision documents: PDF and images.
var decisionTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// staffAct runs one action of the case page: on success back to the page
// with a message, on an input or state error the page again with the
// error next to the form (the typed text kept), else the error page.
func (m *Module) staffAct(w http.ResponseWriter, r *http.Request, flash string, act func(ctx context.Context, id int64, a Actor) error) {
	m.staffActSays(w, r, func(ctx context.Context, id int64, a Actor) (string, []string, error) {
		return flash, nil, act(ctx, id, a)
	})
}

// staffActSays is staffAct for an action whose message depends on its
// outcome: act returns the message key with its arguments.
func (m *Module) staffActSays(w http.ResponseWriter, r *http.Request,
	act func(ctx context.Context, id int64, a Actor) (flash string, args []string, err error)) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	flash, args, err := act(r.Context(), id, staffActor(r))
	if err != nil {
		if status, ok := web.FormStatus(err); ok {
			form := web.FormFrom(r)
			form.SetErrors(err)
			m.renderCase(w, r, status, form)
			return
		}
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, flash, args...)
	web.Redirect(w, r, StaffPath(id))
}

// The notices after an action name the action and say whom it reached:
// the applicant by mail, online only (no e-mail address), or nobody (an
// internal step). Keys end in Told.String().

func (m *Module) staffClaim(w http.ResponseWriter, r *http.Request) {
	m.staffAct(w, r, "cases.staff.flash.claimed", m.Service.Claim)
}

func (m *Module) staffAssign(w http.ResponseWriter, r *http.Request) {
	m.staffActSays(w, r, func(ctx context.Context, id int64, a Actor) (string, []string, error) {
		raw := strings.TrimSpace(r.PostFormValue("assignee"))
		user, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || user < 0 {
			var f errs.Fields
			f.Add("assignee", "field.choice.invalid")
			return "", nil, f.Err()
		}
		if err := m.Service.Assign(ctx, id, user, a); err != nil {
			return "", nil, err
		}
		if user == 0 {
			return "cases.staff.flash.unassigned", nil, nil
		}
		c, err := m.Service.StaffCase(ctx, id, a)
		if err != nil {
			return "", nil, err
		}
		return "cases.staff.flash.assigned", []string{c.AssigneeName}, nil
	})
}

// staffStatus names the new status, or says that only notes were saved.
func (m *Module) staffStatus(w http.ResponseWriter, r *http.Request) {
	m.staffActSays(w, r, func(ctx context.Context, id int64, a Actor) (string, []string, error) {
		told, changed, err := m.Service.setStatus(ctx, id, StatusChange{Status: r.PostFormValue("status"),
			PublicNote: r.PostFormValue("public_note"), InternalNote: r.PostFormValue("internal_note")}, a)
		if err != nil {
			return "", nil, err
		}
		if !changed {
			return "cases.staff.flash.note." + told.String(), nil, nil
		}
		c, err := m.Service.StaffCase(ctx, id, a)
		if err != nil {
			return "", nil, err
		}
		return "cases.staff.flash.status." + told.String(), []string{m.staffFmt(r).Status(c)}, nil
	})
}

func (m *Module) staffPause(w http.ResponseWriter, r *http.Request) {
	m.staffActTold(w, r, "cases.staff.flash.paused.", func(ctx context.Context, id int64, a Actor) (Told, error) {
		return m.Service.pause(ctx, id, r.PostFormValue("reason"), a)
	})
}

// staffActTold is staffAct for a public action: the notice is prefix
// followed by whom the action reached.
func (m *Module) staffActTold(w http.ResponseWriter, r *http.Request, prefix string, act func(ctx context.Context, id int64, a Actor) (Told, error)) {
	m.staffActSays(w, r, func(ctx context.Context, id int64, a Actor) (string, []string, error) {
		told, err := act(ctx, id, a)
		return prefix + told.String(), nil, err
	})
}

// staffResume says what resuming did to the deadline: moved by how many
// working days to which date, or unchanged (a pause without a working day).
func (m *Module) staffResume(w http.ResponseWriter, r *http.Request) {
	m.staffActSays(w, r, func(ctx context.Context, id int64, a Actor) (string, []string, error) {
		res, err := m.Service.Resume(ctx, id, a)
		if err != nil {
			return "", nil, err
		}
		due := m.staffFmt(r).Date(res.DueAt)
		switch {
		case res.DueAt.IsZero():
			return "cases.staff.flash.resumed", nil, nil
		case res.Days == 0:
			return "cases.staff.flash.resumed_kept", []string{due}, nil
		case res.Days == 1:
			return "cases.staff.flash.resumed_extended_one", []string{due}, nil
		}
		return "cases.staff.flash.resumed_extended", []string{strconv.Itoa(res.Days), due}, nil
	})
}

func (m *Module) staffMessage(w http.ResponseWriter, r *http.Request) {
	m.staffActTold(w, r, "cases.staff.flash.message.", func(ctx context.Context, id int64, a Actor) (Told, error) {
		return m.Service.sendMessage(ctx, id, r.PostFormValue("body"), a)
	})
}

func (m *Module) staffRequest(w http.ResponseWriter, r *http.Request) {
	m.staffActTold(w, r, "cases.staff.flash.requested.", func(ctx context.Context, id int64, a Actor) (Told, error) {
		return m.Service.requestDocument(ctx, id, r.PostFormValue("description"), a)
	})
}

// staffDecision stores the uploaded decision document (PDF, JPEG, PNG; the
// type is sniffed from the content) and attaches it. The case is checked
// before the file is stored, so another department's case stores nothing.
func (m *Module) staffDecision(w http.ResponseWriter, r *http.Request) {
	m.staffActTold(w, r, "cases.staff.flash.decision.", func(ctx context.Context, id int64, a Actor) (Told, error) {
		if _, err := m.Service.StaffCase(ctx, id, a); err != nil {
			return ToldNobody, err
		}
		file, hdr, err := r.FormFile("file")
		if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
			var f errs.Fields
			f.Add("file", "cases.staff.decision.missing")
			return ToldNobody, f.Err()
		}
		if err != nil {
			if web.IsMaxBytes(err) {
				return ToldNobody, errs.OnField("file", errs.E(errs.TooLarge, "blob.too_large", m.uploadLimit()>>20))
			}
			return ToldNobody, errs.Wrap(errs.BadRequest, "error.bad_request", err)
		}
		defer file.Close()
		if m.Blobs == nil {
			return ToldNobody, errors.New("cases: no blob store for decision documents")
		}
		obj, err := m.Blobs.Put(ctx, file, blob.PutOptions{MaxSize: m.uploadLimit(), AllowedTypes: decisionTypes})
		if err != nil {
			return ToldNobody, errs.OnField("file", err)
		}
		return m.Service.attachDecision(ctx, id, DecisionFile{Name: hdr.Filename, ContentType: obj.ContentType,
			Size: obj.Size, Blob: obj.Key}, a)
	})
}
