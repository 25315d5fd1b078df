package catalog

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Forms tells the catalog which online forms can be filled in. A service
// names its form by ID, but whether that form is installed and in service is
// the forms module's business and changes without the catalog changing, so
// it is asked on every answer.
type Forms interface {
	// InService returns the forms that have a version in service in the
	// request's town, by ID.
	InService(ctx context.Context) (map[string]Form, error)
}

// Form is what the catalog tells people about an online form in service
// before they open it.
type Form struct {
	// Guests is true when people without an account may use the form.
	Guests bool
}

// offer returns s as a citizen can use it now: without its online way when
// its form is not in service, and saying whether the form needs an account.
// s is shared by every request and stays as it is; only such a service is
// copied.
func offer(running map[string]Form, s *Service) *Service {
	if s.FormID == "" {
		return s
	}
	f, ok := running[s.FormID]
	if ok && !f.Guests {
		return s // the zero value: an account is needed
	}
	c := *s
	if ok {
		c.formGuests = true
	} else {
		c.Online, c.FormID, c.formOut = false, "", true
	}
	return &c
}

func offerAll(running map[string]Form, list []*Service) []*Service {
	for i, s := range list {
		if o := offer(running, s); o != s {
			list[i] = o
		}
	}
	return list
}

// FormOutOfService reports that the catalog names an online form that is
// not in service now, so the page says the application is not online.
func (s *Service) FormOutOfService() bool { return s.formOut }

// AccountRequired reports that the online form is only for people signed in
// to an account, so the page says so before they open it.
func (s *Service) AccountRequired() bool { return s.HasForm() && !s.formGuests }

// GuestsWelcome reports that the online form can be used without an account.
func (s *Service) GuestsWelcome() bool { return s.HasForm() && s.formGuests }

// LoginPath signs a visitor in and leads back to the online form.
func (s *Service) LoginPath() string { return "/login?next=" + url.QueryEscape(s.FormPath()) }

// RegisterPath creates an account and leads back to the online form.
func (s *Service) RegisterPath() string { return "/register?next=" + url.QueryEscape(s.FormPath()) }

// published returns the request's published catalog and the forms in
// service. Without a forms module no form is in service; a catalog that
// names no form does not ask.
func (m *Module) published(r *http.Request) (*Snapshot, map[string]Form, error) {
	snap, err := m.Catalog.Published(r.Context())
	if err != nil {
		return nil, nil, err
	}
	if m.Forms == nil || len(formIDs(snap)) == 0 {
		return snap, nil, nil
	}
	running, err := m.Forms.InService(r.Context())
	if err != nil {
		return nil, nil, err
	}
	return snap, running, nil
}

type formIDsKey struct{}

// formIDs returns the forms that services of snap name, sorted.
func formIDs(snap *Snapshot) []string {
	return snap.Memo(formIDsKey{}, func() any {
		var ids []string
		for _, s := range snap.Services {
			if s.FormID != "" {
				ids = append(ids, s.FormID)
			}
		}
		slices.Sort(ids)
		return slices.Compact(ids)
	}).([]string)
}

// formsKey describes the forms that services of snap name as the running
// ones leave them (out of service, open to guests or not), as a key for what
// is derived from both (the API's encoding).
func formsKey(snap *Snapshot, running map[string]Form) string {
	var b strings.Builder
	for _, id := range formIDs(snap) {
		f, ok := running[id]
		b.WriteString(id)
		switch {
		case !ok:
			b.WriteString(" out ")
		case f.Guests:
			b.WriteString(" guests ")
		default:
			b.WriteString(" account ")
		}
	}
	return b.String()
}
