package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestHashPasswordChecksTheRulesOfNewPasswords(t *testing.T) {
	s := &auth.Service{Password: testkit.FastPasswords}
	tests := []struct {
		name, password, want string
	}{
		{"too short", "kurz", "field.password.too_short"},
		{"ten runes of umlauts is long enough", "ääääääääää", ""},
		{"over 1024 bytes", strings.Repeat("x", 1025), "field.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := s.HashPassword(tt.password)
			if tt.want == "" {
				if err != nil || h.IsZero() {
					t.Fatalf("hash %v, err %v; want a hash", h, err)
				}
				return
			}
			if got := fieldKeys(t, err)["password"]; got != tt.want || !h.IsZero() {
				t.Fatalf("password error %q (hash %v), want %q and no hash", got, h, tt.want)
			}
		})
	}
}

// brokenSalt fails every read, so any hashing done with it fails.
type brokenSalt struct{}

func (brokenSalt) Read([]byte) (int, error) { return 0, errors.New("no randomness for this test") }

// TestStoringAHashDoesNotHash proves that CreateUser and SetPasswordHash,
// given a hash, hash nothing inside the caller's transaction: the service
// that stores cannot hash at all, yet the stored password works.
func TestStoringAHashDoesNotHash(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)
		first, err := s.HashPassword("erstes Passwort 1")
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.HashPassword("zweites Passwort 2")
		if err != nil {
			t.Fatal(err)
		}
		s.Salt = brokenSalt{}
		if _, err := s.HashPassword("drittes Passwort 3"); err == nil {
			t.Fatal("hashing with a broken salt source worked: the test proves nothing")
		}
		var u auth.User
		err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
			ctx := db.WithTx(ctx, tx)
			var err error
			if u, err = s.CreateUser(ctx, auth.NewUser{Email: "hanna@example.org", Hash: first, Role: auth.RoleCitizen, EmailVerified: true}); err != nil {
				return err
			}
			if _, err := s.Authenticate(ctx, u.Email, "erstes Passwort 1", "192.0.2.1"); err != nil {
				t.Errorf("first password after CreateUser: %v", err)
			}
			return s.SetPasswordHash(ctx, u.ID, second)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, u.Email, "zweites Passwort 2", "192.0.2.1"); err != nil {
			t.Errorf("second password after SetPasswordHash: %v", err)
		}
		if err := s.SetPasswordHash(ctx, u.ID, auth.PasswordHash{}); err == nil {
			t.Error("SetPasswordHash stored an empty hash")
		}
	})
}
