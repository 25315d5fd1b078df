package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestAPIKeyCommandsPrintAWorkingKeyAndRevokeIt(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := environ(t, e)
		if _, _, err := run(t, env, "", "migrate"); err != nil {
			t.Fatal(err)
		}
		ctx, _ := openDB(t, env)
		svc := reports.New(reports.Deps{})

		out, stderr, err := run(t, env, "", "apikey", "add", "FixMyStreet Musterstadt")
		if err != nil {
			t.Fatalf("apikey add: %v\nstderr: %s", err, stderr)
		}
		key := strings.TrimSpace(out)
		if len(key) < 32 || strings.ContainsAny(key, " \n") {
			t.Fatalf("apikey add printed %q, want the key alone on stdout", out)
		}
		c, err := svc.APIClientByKey(ctx, key)
		if err != nil || c.Name != "FixMyStreet Musterstadt" {
			t.Fatalf("the printed key does not work: client %+v, %v", c, err)
		}

		if _, _, err := run(t, env, "", "apikey", "add", "FixMyStreet Musterstadt"); err == nil ||
			!strings.Contains(err.Error(), "name") {
			t.Errorf("second client with the same name: %v, want an error about the name", err)
		}

		out, _, err = run(t, env, "", "apikey", "list")
		if err != nil || !strings.Contains(out, "FixMyStreet Musterstadt") || !strings.Contains(out, "active") {
			t.Fatalf("apikey list: %v\n%s", err, out)
		}
		if strings.Contains(out, key) {
			t.Errorf("apikey list shows the key:\n%s", out)
		}

		id := strconv.FormatInt(c.ID, 10)
		if out, _, err := run(t, env, "", "apikey", "revoke", id); err != nil || !strings.Contains(out, "revoked") {
			t.Fatalf("apikey revoke %s: %v\n%s", id, err, out)
		}
		if _, err := svc.APIClientByKey(ctx, key); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("revoked key: %v, want forbidden", err)
		}
		out, _, _ = run(t, env, "", "apikey", "list")
		if !strings.Contains(out, "revoked") {
			t.Errorf("apikey list after revoking:\n%s", out)
		}
		if _, _, err := run(t, env, "", "apikey", "revoke", "999999"); err == nil || !strings.Contains(err.Error(), "no Open311 client") {
			t.Errorf("revoking an unknown id: %v", err)
		}
	})
}

func TestAPIKeyCommandWantsItsArguments(t *testing.T) {
	for _, args := range [][]string{{"apikey"}, {"apikey", "add"}, {"apikey", "add", "a", "b"}, {"apikey", "revoke", "x"}, {"apikey", "drop"}} {
		_, _, err := run(t, nil, "", args...)
		if exitCode(err) != 2 {
			t.Errorf("%v: %v (exit %d), want a usage error", args, err, exitCode(err))
		}
	}
}
