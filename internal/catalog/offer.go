package catalog

import (
	"context"
	"net/http"
	"slices"
	"strings"
)

// Forms tells the catalog which online forms can be filled in. A service
// names its form by ID, but whether that form is installed and in service is
// the forms module's business and changes without the catalog changing, so
// it is asked on every answer.
type Forms interface {
	// InService returns the IDs of the forms that have a version in service
	// in the request's town.
	InService(ctx context.Context) (map[string]bool, error)
}

// offer returns s as a citizen can use it now: without its online way when
// its form is not in service. s is shared by every request and stays as it
// is; only such a service is copied.
func offer(running map[string]bool, s *Service) *Service {
	if s.FormID == "" || running[s.FormID] {
		return s
	}
	c := *s
	c.Online, c.FormID, c.formOut = false, "", true
	return &c
}

func offerAll(running map[string]bool, list []*Service) []*Service {
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

// published returns the request's published catalog and the forms in
// service. Without a forms module no form is in service; a catalog that
// names no form does not ask.
func (m *Module) published(r *http.Request) (*Snapshot, map[string]bool, error) {
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

// missingForms names the forms that services of snap name and that are not
// in service, as a key for what is derived from both (the API's encoding).
func missingForms(snap *Snapshot, running map[string]bool) string {
	var b strings.Builder
	for _, id := range formIDs(snap) {
		if !running[id] {
			b.WriteString(id)
			b.WriteByte(' ')
		}
	}
	return b.String()
}
