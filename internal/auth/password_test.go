package auth_test

import (
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestPasswordHash(t *testing.T) {
	hash, err := auth.HashPassword("correct horse battery", testkit.FastPasswords)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("is argon2id in PHC format without the password", func(t *testing.T) {
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=1024,t=1,p=1$") || strings.Contains(hash, "horse") {
			t.Fatalf("hash %q", hash)
		}
	})
	t.Run("round trip accepts the password", func(t *testing.T) {
		ok, err := auth.CheckPassword("correct horse battery", hash)
		if err != nil || !ok {
			t.Fatalf("CheckPassword = %v, %v; want true", ok, err)
		}
	})
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery", "correct horse battery "} {
		t.Run("refuses "+strings.ReplaceAll(wrong, " ", "_"), func(t *testing.T) {
			ok, err := auth.CheckPassword(wrong, hash)
			if err != nil || ok {
				t.Fatalf("CheckPassword(%q) = %v, %v; want false", wrong, ok, err)
			}
		})
	}
	t.Run("salts every hash", func(t *testing.T) {
		again, _ := auth.HashPassword("correct horse battery", testkit.FastPasswords)
		if again == hash {
			t.Fatal("two hashes of one password are equal")
		}
	})
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=1024,t=1,p=1$!!$a2V5"} {
		t.Run("rejects malformed hash "+bad, func(t *testing.T) {
			ok, err := auth.CheckPassword("x", bad)
			if err == nil || ok {
				t.Fatalf("CheckPassword on %q = %v, %v; want an error", bad, ok, err)
			}
		})
	}
}
