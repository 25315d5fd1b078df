package cases

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// citizenMyPage is "Mein Rathaus": the account's cases, newest first.
type citizenMyPage struct {
	Fmt   citizenFmt
	Cases []CaseItem
	// Drafts and Services say whether the forms' drafts list and the
	// service catalog exist to link to.
	Drafts   bool
	Services bool
}

func (p *citizenPages) my(w http.ResponseWriter, r *http.Request) {
	pr := web.PrincipalOf(r)
	items, err := p.svc.CitizenCases(r.Context(), pr.User.ID)
	if err != nil {
		p.site.Error(w, r, err)
		return
	}
	drafts, services := p.links()
	d := citizenMyPage{Fmt: newCitizenFmt(web.Lang(r)), Cases: items, Drafts: drafts, Services: services}
	p.site.Render(w, r, http.StatusOK, "cases.citizen/my", d, nil)
}
