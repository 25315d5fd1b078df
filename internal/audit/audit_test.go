package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newLog(t *testing.T, e testkit.Engine) (context.Context, *db.DB, *audit.Log, *clock.Fixed) {
	t.Helper()
	d := testkit.NewDB(t, e, auth.Migrations, audit.Migrations)
	c := clock.NewFixed(start)
	return testkit.Context(t, d), d, &audit.Log{Clock: c}, c
}

func TestRecordStoresEntry(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, d, l, _ := newLog(t, e)
		svc := &auth.Service{Clock: clock.NewFixed(start), Password: testkit.FastPasswords}
		u, err := svc.CreateUser(ctx, auth.NewUser{Email: "admin@example.org", Password: "correct horse battery", Role: auth.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			e := audit.By(u.ID, "192.0.2.7").Did("user.update", "user", "42")
			e.Detail = "role citizen → staff"
			return l.Record(ctx, tx, e)
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Record(ctx, d, audit.Entry{Action: "job.retention"}); err != nil {
			t.Fatal(err)
		}
		got, err := l.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d entries, want 2", len(got))
		}
		sys, usr := got[0], got[1]
		if sys.Action != "job.retention" || sys.ActorID != 0 || sys.ActorEmail != "" {
			t.Errorf("system entry = %+v", sys)
		}
		want := audit.Entry{ActorID: u.ID, Action: "user.update", ObjectType: "user", ObjectID: "42", Detail: "role citizen → staff", IP: "192.0.2.7"}
		if usr.Entry != want || usr.ActorEmail != "admin@example.org" || !usr.At.Equal(start) || usr.ID == 0 {
			t.Errorf("entry = %+v, want %+v by admin@example.org at %s", usr, want, start)
		}
	})
}

func TestRecordRollsBackWithTheChange(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, d, l, _ := newLog(t, e)
		errBoom := context.Canceled
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := l.Record(ctx, tx, audit.Entry{Action: "user.delete"}); err != nil {
				return err
			}
			return errBoom
		})
		if err != errBoom {
			t.Fatalf("InTx = %v", err)
		}
		got, err := l.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Fatalf("entry of a rolled-back change is kept: %+v", got)
		}
	})
}

func TestRecordValidates(t *testing.T) {
	ctx, d, l, _ := newLog(t, testkit.SQLite)
	refused := []audit.Entry{
		{},
		{Action: "user update"},
		{Action: strings.Repeat("a", audit.MaxAction+1)},
		{Action: "user.view", ObjectType: "user/1"},
		{Action: "user.view", ActorID: -1},
	}
	for _, e := range refused {
		if err := l.Record(ctx, d, e); err == nil {
			t.Errorf("Record(%+v) = nil, want an error", e)
		}
	}
	long := strings.Repeat("ä", audit.MaxDetail+50)
	if err := l.Record(ctx, d, audit.Entry{Action: "x.y", Detail: "line one\nline\x00 two\u202e\x1b[31m" + long, ObjectID: "\xff1", IP: "::1"}); err != nil {
		t.Fatal(err)
	}
	got, err := l.List(ctx, audit.Filter{})
	if err != nil || len(got) != 1 {
		t.Fatalf("List = %v, %v", got, err)
	}
	r := got[0]
	if !strings.HasPrefix(r.Detail, "line one line two[31mää") {
		t.Errorf("control characters kept: %q", r.Detail[:40])
	}
	if n := len([]rune(r.Detail)); n != audit.MaxDetail {
		t.Errorf("detail has %d characters, want it cut to %d", n, audit.MaxDetail)
	}
	if r.ObjectID != "\uFFFD1" {
		t.Errorf("object id %q, want invalid UTF-8 replaced", r.ObjectID)
	}
}

func TestListFilters(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, d, l, c := newLog(t, e)
		// One entry per hour from start on.
		for _, en := range []audit.Entry{
			{ActorID: 1, Action: "user.create", ObjectType: "user", ObjectID: "7"},
			{ActorID: 2, Action: "user.update", ObjectType: "user", ObjectID: "7"},
			{ActorID: 1, Action: "department.update", ObjectType: "department", ObjectID: "3"},
			{ActorID: 0, Action: "login.failure", ObjectType: "user", ObjectID: "70"},
			{ActorID: 2, Action: "user_x.view", ObjectType: "user", ObjectID: "8"},
		} {
			if err := l.Record(ctx, d, en); err != nil {
				t.Fatal(err)
			}
			c.Advance(time.Hour)
		}
		tests := []struct {
			name string
			f    audit.Filter
			want []string
		}{
			{"all newest first", audit.Filter{}, []string{"user_x.view", "login.failure", "department.update", "user.update", "user.create"}},
			{"by actor", audit.Filter{ActorID: 1}, []string{"department.update", "user.create"}},
			{"by object type", audit.Filter{ObjectType: "department"}, []string{"department.update"}},
			{"by object", audit.Filter{ObjectType: "user", ObjectID: "7"}, []string{"user.update", "user.create"}},
			{"object id matches exactly", audit.Filter{ObjectID: "7"}, []string{"user.update", "user.create"}},
			{"action prefix", audit.Filter{Action: "user."}, []string{"user.update", "user.create"}},
			{"action prefix has no wildcards", audit.Filter{Action: "user_"}, []string{"user_x.view"}},
			{"full action", audit.Filter{Action: "login.failure"}, []string{"login.failure"}},
			{"since is inclusive", audit.Filter{Since: start.Add(3 * time.Hour)}, []string{"user_x.view", "login.failure"}},
			{"until is exclusive", audit.Filter{Until: start.Add(time.Hour)}, []string{"user.create"}},
			{"range", audit.Filter{Since: start.Add(time.Hour), Until: start.Add(3 * time.Hour)}, []string{"department.update", "user.update"}},
			{"range in another zone", audit.Filter{Since: start.Add(time.Hour).In(time.FixedZone("CET", 3600))}, []string{"user_x.view", "login.failure", "department.update", "user.update"}},
			{"combined", audit.Filter{ActorID: 2, Action: "user."}, []string{"user.update"}},
			{"limit", audit.Filter{Limit: 2}, []string{"user_x.view", "login.failure"}},
			{"nothing", audit.Filter{ActorID: 99}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := l.List(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if a := actions(got); strings.Join(a, " ") != strings.Join(tt.want, " ") {
					t.Errorf("got %v, want %v", a, tt.want)
				}
			})
		}
	})
}

func TestListPages(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, d, l, _ := newLog(t, e)
		for i := range 7 {
			if err := l.Record(ctx, d, audit.Entry{Action: "user.view", ObjectType: "user", ObjectID: string(rune('a' + i))}); err != nil {
				t.Fatal(err)
			}
		}
		var pages []string
		f := audit.Filter{Limit: 3}
		for {
			got, err := l.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			var ids []string
			for _, r := range got {
				ids = append(ids, r.ObjectID)
			}
			pages = append(pages, strings.Join(ids, ""))
			f.BeforeID = got[len(got)-1].ID
		}
		if got := strings.Join(pages, "|"); got != "gfe|dcb|a" {
			t.Errorf("pages %s, want gfe|dcb|a", got)
		}
	})
}

func TestDatabaseRefusesChanges(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, d, l, _ := newLog(t, e)
		if err := l.Record(ctx, d, audit.Entry{ActorID: 1, Action: "user.view", Detail: "original"}); err != nil {
			t.Fatal(err)
		}
		stmts := []string{
			"UPDATE audit_log SET detail = 'forged'",
			"UPDATE audit_log SET actor_id = NULL WHERE actor_id = 1",
			"DELETE FROM audit_log",
			"DELETE FROM audit_log WHERE action = 'user.view'",
		}
		if e == testkit.Postgres {
			stmts = append(stmts, "TRUNCATE audit_log")
		}
		for _, s := range stmts {
			_, err := d.Exec(ctx, s)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want refused as append-only", s, err)
			}
			// Inside a transaction too: the refusal aborts it.
			err = d.InTx(ctx, func(tx *db.Tx) error { _, err := tx.Exec(ctx, s); return err })
			if err == nil {
				t.Errorf("%s in a transaction was not refused", s)
			}
		}
		got, err := l.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Detail != "original" || got[0].ActorID != 1 {
			t.Errorf("log changed: %+v", got)
		}
	})
}

func actions(rs []audit.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Action)
	}
	return out
}
