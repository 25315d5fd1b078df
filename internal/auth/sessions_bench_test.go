package auth_test

import (
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// BenchmarkPrincipal measures the session lookup every signed-in request
// makes, for a citizen (no memberships) and for staff of two departments.
//
//	go test ./internal/auth -run '^$' -bench Principal -benchtime=2000x
func BenchmarkPrincipal(b *testing.B) {
	for _, e := range testkit.Engines() {
		b.Run(string(e), func(b *testing.B) {
			ctx, s, _ := newService(b, e)
			citizen := mustUser(b, ctx, s, "citizen@example.org", auth.RoleCitizen)
			staff := mustUser(b, ctx, s, "staff@example.org", auth.RoleStaff)
			for _, slug := range []string{"bauamt", "ordnungsamt"} {
				d, err := s.SaveDepartment(ctx, auth.Department{Slug: slug, Name: slug})
				if err != nil {
					b.Fatal(err)
				}
				if err := s.SetMembership(ctx, staff.ID, d.ID, false); err != nil {
					b.Fatal(err)
				}
			}
			for _, tc := range []struct {
				name string
				user auth.User
			}{{"citizen", citizen}, {"staff", staff}} {
				token, err := s.StartSession(ctx, tc.user.ID)
				if err != nil {
					b.Fatal(err)
				}
				b.Run(tc.name, func(b *testing.B) {
					for b.Loop() {
						p, err := s.Principal(ctx, token)
						if err != nil || !p.SignedIn() {
							b.Fatalf("principal %+v, %v", p, err)
						}
					}
				})
			}
		})
	}
}
