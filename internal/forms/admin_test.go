package forms_test

import (
	"bytes"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// brokenForm has three mistakes on known lines.
const brokenForm = `id: alle-felder
title: {de: "Kaputt"}
department: kaemmerei
statuses:
  - {key: neu, label: {de: "Neu"}, closing: true}
pages:
  - id: eins
    title: {de: "Eins"}
    fields:
      - name: iban
        type: ibna
        label: {de: "IBAN"}
      - name: x
        type: text
        label: {de: "X"}
        show_if: 'gibt_es_nicht == 1'
`

func TestAdminInstallsVersions(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		ctx, svc := tw.srv.Ctx(), tw.srv.App.Forms
		admin := tw.client(tw.admin)
		if r := admin.Get("/admin/forms"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "hund-anmelden") {
			t.Fatalf("list: %d", r.StatusCode)
		}
		before, err := svc.Running(ctx, "alle-felder")
		if err != nil {
			t.Fatal(err)
		}
		// A draft started now stays on this version.
		guest := tw.client(auth.User{})
		first := tw.begin(guest, "alle-felder")

		t.Run("broken_upload_shows_every_line_and_changes_nothing", func(t *testing.T) {
			r := postMultipart(t, admin, "/admin/forms", nil, "", upload{"file", "alle-felder.yaml", []byte(brokenForm)})
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			for _, want := range []string{"Zeile 11:", "ibna", "Zeile 16:", "gibt_es_nicht"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("the page does not show %q:\n%s", want, testkit.Excerpt(r.Body))
				}
			}
			if !strings.Contains(r.Body, "type: ibna") {
				t.Error("the refused source is not kept in the text box")
			}
			now, err := svc.Running(ctx, "alle-felder")
			if err != nil || now.Version != before.Version {
				t.Errorf("running version %d (%v), want %d unchanged", now.Version, err, before.Version)
			}
		})

		src, _ := os.ReadFile("testdata/alle-felder.yaml")
		t.Run("reasons_read_in_the_admins_language", func(t *testing.T) {
			noDept := strings.Replace(string(src), "department: kaemmerei", "department: gibt-es-nicht", 1)
			latin1 := strings.Replace(string(src), `{de: "Alle Felder"`, "{de: \"Alle Felder f\xfcr Sie\"", 1)
			sameVersion := strings.Replace(string(src), "resume_days: 7", "resume_days: 8", 1)
			cases := []struct {
				name, path, source string
				want               []string
			}{
				{"german", "/admin/forms", brokenForm, []string{
					"Zeile 11: Feld „iban“ auf Seite „eins“: Der Typ „ibna“ ist unbekannt (bekannt: text,",
					"Zeile 16: Feld „x“ auf Seite „eins“: „show_if“: Das Feld „gibt_es_nicht“ gibt es nicht"}},
				{"english", "/admin/forms?lang=en", brokenForm, []string{
					`line 11: field "iban" on page "eins": unknown type "ibna" (known: text,`,
					`line 16: field "x" on page "eins": show_if: unknown field "gibt_es_nicht"`}},
				{"unknown_department_german", "/admin/forms?lang=de", noDept, []string{
					"Zeile 5: Den Fachbereich „gibt-es-nicht“ gibt es nicht (legen Sie ihn zuerst unter /admin/departments an)"}},
				{"unknown_department_english", "/admin/forms?lang=en", noDept, []string{
					`line 5: department "gibt-es-nicht" does not exist (create it under /admin/departments first)`}},
				{"latin1_german", "/admin/forms?lang=de", latin1, []string{
					"Zeile 3: Die Datei ist nicht in UTF-8 gespeichert (unlesbares Zeichen in Spalte 27). Bitte speichern Sie sie als UTF-8"}},
				{"latin1_english", "/admin/forms?lang=en", latin1, []string{
					"line 3: the file is not saved as UTF-8 (unreadable character in column 27); please save it as UTF-8"}},
				{"changed_without_new_version_german", "/admin/forms?lang=de", sameVersion, []string{
					"Zeile 1: Die Datei hat keine Versionsnummer und gilt deshalb als Version 1, aber Version 1 ist schon installiert. Bitte tragen Sie version: 2 oder höher ein"}},
				{"changed_same_version_german", "/admin/forms?lang=de", "version: 1\n" + sameVersion, []string{
					"Zeile 1: Version 1 ist schon installiert. Bitte erhöhen Sie die Versionsnummer auf 2 oder höher"}},
				{"changed_same_version_english", "/admin/forms?lang=en", "version: 1\n" + sameVersion, []string{
					"line 1: version 1 is installed already; please raise the version number to 2 or more"}},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					var r *testkit.Response
					// A browser pastes text as UTF-8; other text comes as a file.
					if !utf8.ValidString(tc.source) {
						r = postMultipart(t, admin, tc.path, nil, "", upload{"file", "alle-felder.yaml", []byte(tc.source)})
					} else {
						r = admin.Post(tc.path, url.Values{"source": {tc.source}})
					}
					if r.StatusCode != http.StatusUnprocessableEntity {
						t.Fatalf("status %d, want 422", r.StatusCode)
					}
					body := html.UnescapeString(r.Body)
					for _, want := range tc.want {
						if !strings.Contains(body, want) {
							t.Errorf("the page does not show %q:\n%s", want, testkit.Excerpt(r.Body))
						}
					}
				})
			}
			admin.Get("/admin/forms?lang=de") // the later subtests read German
		})

		t.Run("windows_file_with_bom_is_the_same_definition", func(t *testing.T) {
			windows := "\ufeff" + strings.ReplaceAll(string(src), "\n", "\r\n")
			r := postMultipart(t, admin, "/admin/forms", nil, "", upload{"file", "alle-felder.yaml", []byte(windows)})
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "schon gespeichert") || !strings.Contains(r.Body, "Version 1") {
				t.Fatalf("status %d, want the stored version 1 unchanged:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
		})

		v2 := strings.Replace(string(src), `title: {de: "Alle Felder", en: "Every field"}`, "version: 2\n"+`title: {de: "Alle Felder 2", en: "Every field 2"}`, 1)
		t.Run("pasted_valid_definition_becomes_the_version_it_names", func(t *testing.T) {
			r := admin.Post("/admin/forms", url.Values{"source": {v2}})
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Version 2") {
				t.Fatalf("status %d:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			if !strings.Contains(guest.Get("/forms/alle-felder").Body, "Alle Felder 2") {
				t.Error("the start page does not show the new version")
			}
			if p := guest.Get(first); !strings.Contains(p.Body, "Alle Felder ·") {
				t.Error("a draft started on version 1 did not stay on it")
			}
			r = admin.Post("/admin/forms", url.Values{"source": {v2}})
			if !strings.Contains(r.Body, "schon gespeichert") {
				t.Errorf("the same definition again: %s", testkit.Excerpt(r.Body))
			}
			if f, _ := svc.Running(ctx, "alle-felder"); f.Version != 2 {
				t.Errorf("running version %d, want 2", f.Version)
			}
		})

		t.Run("an_older_version_can_be_activated", func(t *testing.T) {
			r := admin.Get("/admin/forms/alle-felder/1")
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "min_date: today") {
				t.Fatalf("version page %d", r.StatusCode)
			}
			location(t, admin.Post("/admin/forms/alle-felder/1/activate", nil), "activate")
			if f, _ := svc.Running(ctx, "alle-felder"); f.Version != 1 {
				t.Errorf("running version %d after activating 1", f.Version)
			}
			if r := guest.Get("/forms/alle-felder/v2/schema.json"); r.StatusCode != http.StatusOK {
				t.Errorf("schema of the inactive version 2: %d", r.StatusCode)
			}
		})
	})
}

func TestLoadDir(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		ctx, svc := tw.srv.Ctx(), tw.srv.App.Forms
		var logs bytes.Buffer
		svc.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		dir := t.TempDir()
		src, _ := os.ReadFile("testdata/alle-felder.yaml")
		os.WriteFile(filepath.Join(dir, "alle-felder.yaml"), []byte(brokenForm), 0o600)
		os.WriteFile(filepath.Join(dir, "same.yaml"), src, 0o600)
		if err := svc.LoadDir(ctx, dir); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "line=11") || !strings.Contains(logs.String(), "ibna") {
			t.Errorf("the broken file is not logged with its line:\n%s", logs.String())
		}
		if f, _ := svc.Running(ctx, "alle-felder"); f.Version != 1 {
			t.Errorf("running version %d, want 1: the broken file changes nothing and the same file makes no version", f.Version)
		}
		changed := strings.Replace(string(src), "resume_days: 7", "resume_days: 14", 1)
		steps := []struct {
			name, src   string
			version     int
			resume      int
			log, notLog string
		}{
			{"changed_without_new_version_is_logged_and_changes_nothing", changed, 1, 7,
				"version 1 is installed already; please add version: 2", "form installed"},
			{"changed_with_new_version_installs", "version: 2\n" + changed, 2, 14, "form installed", "invalid"},
			{"same_file_again_is_a_no_op", "version: 2\n" + changed, 2, 14, "", "form"},
			{"same_file_saved_on_windows_is_a_no_op", "\ufeff" + strings.ReplaceAll("version: 2\n"+changed, "\n", "\r\n"), 2, 14, "", "form"},
		}
		os.Remove(filepath.Join(dir, "alle-felder.yaml"))
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				logs.Reset()
				os.WriteFile(filepath.Join(dir, "same.yaml"), []byte(st.src), 0o600)
				if err := svc.LoadDir(ctx, dir); err != nil {
					t.Fatal(err)
				}
				if f, _ := svc.Running(ctx, "alle-felder"); f.Version != st.version || f.ResumeDays != st.resume {
					t.Errorf("running version %d, resume days %d; want %d, %d", f.Version, f.ResumeDays, st.version, st.resume)
				}
				if !strings.Contains(logs.String(), st.log) || (st.notLog != "" && strings.Contains(logs.String(), st.notLog)) {
					t.Errorf("the log should say %q and not %q:\n%s", st.log, st.notLog, logs.String())
				}
			})
		}
	})
}
