package forms_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// versioned is a small form; %s is its id and the rest of the header
// (e.g. "\nversion: 3"), %s its title.
const versioned = `id: %s
title: {de: "%s"}
department: kaemmerei
statuses:
  - {key: neu, label: {de: "Neu"}}
  - {key: fertig, label: {de: "Fertig"}, closing: true}
pages:
  - id: eins
    title: {de: "Eins"}
    fields:
      - {name: name, type: text, label: {de: "Straßenname"}}
`

// install is one file given to Install and what should come of it.
type install struct {
	version int    // the file's version: line; 0 leaves it out
	title   string // the content that differs between files
	edit    func(string) string
	// want is the stored version returned, or 0 when refused with refusal.
	want    int
	created bool
	refusal string // "line N: English reason"
}

func TestInstallTakesTheVersionFromTheFile(t *testing.T) {
	crlf := func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "  \r\n") }
	latin1 := func(s string) string { return strings.Replace(s, "Straßenname", "Stra\xdfenname", 1) }
	cases := []struct {
		name    string
		steps   []install
		running int // the running version at the end
	}{
		{"first_file_installs_as_its_version", []install{
			{version: 3, title: "A", want: 3, created: true}}, 3},
		{"file_without_version_is_version_1", []install{
			{title: "A", want: 1, created: true}}, 1},
		{"higher_version_installs_as_that_number", []install{
			{version: 1, title: "A", want: 1, created: true},
			{version: 7, title: "B", want: 7, created: true}}, 7},
		{"same_version_same_content_is_unchanged", []install{
			{version: 4, title: "A", want: 4, created: true},
			{version: 4, title: "A", want: 4}}, 4},
		{"same_version_different_content_is_refused", []install{
			{version: 3, title: "A", want: 3, created: true},
			{version: 3, title: "B", refusal: "line 2: version 3 is installed already; please raise the version number to 4 or more"}}, 3},
		{"lower_version_is_refused", []install{
			{version: 3, title: "A", want: 3, created: true},
			{version: 2, title: "B", refusal: "line 2: version 3 is installed already; please raise the version number to 4 or more"}}, 3},
		{"missing_version_after_version_2_is_refused", []install{
			{version: 2, title: "A", want: 2, created: true},
			{title: "B", refusal: "line 1: the file has no version number, so it counts as version 1, but version 2 is installed already; please add version: 3 or more"}}, 2},
		{"older_stored_file_again_changes_nothing", []install{
			{version: 1, title: "A", want: 1, created: true},
			{version: 2, title: "B", want: 2, created: true},
			{version: 1, title: "A", want: 1}}, 2},
		{"bom_crlf_and_spaces_at_line_ends_are_unchanged", []install{
			{version: 1, title: "A", want: 1, created: true},
			{version: 1, title: "A", edit: crlf, want: 1}}, 1},
		{"windows_file_first_then_the_same_with_lf_is_unchanged", []install{
			{version: 1, title: "A", edit: crlf, want: 1, created: true},
			{version: 1, title: "A", want: 1}}, 1},
		{"latin1_is_refused_with_its_line", []install{
			{version: 1, title: "A", want: 1, created: true},
			{version: 2, title: "B", edit: latin1, refusal: "line 12: the file is not saved as UTF-8 (unreadable character in column 51)"}}, 1},
	}
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		ctx, svc := tw.srv.Ctx(), tw.srv.App.Forms
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				id := fmt.Sprintf("versionen-%d", i)
				stored := 0
				for n, step := range tc.steps {
					head := id
					if step.version != 0 {
						head += fmt.Sprintf("\nversion: %d", step.version)
					}
					src := fmt.Sprintf(versioned, head, step.title)
					if step.edit != nil {
						src = step.edit(src)
					}
					f, err := svc.Install(ctx, []byte(src), 0)
					var pe *formdef.ParseError
					switch {
					case step.refusal != "":
						if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), step.refusal) {
							t.Fatalf("file %d: error %v, want %q", n+1, err, step.refusal)
						}
						continue
					case err != nil:
						t.Fatalf("file %d: %v", n+1, err)
					case f.Version != step.want:
						t.Errorf("file %d: installed as version %d, want %d", n+1, f.Version, step.want)
					}
					if step.created {
						stored++
					}
				}
				running, err := svc.Running(ctx, id)
				if err != nil || running.Version != tc.running {
					t.Errorf("running version %v (%v), want %d", running, err, tc.running)
				}
				versions, err := svc.Versions(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range versions {
					if v.FormID != id {
						continue
					}
					stored--
					src, err := svc.Source(ctx, id, v.Version)
					if err != nil || strings.ContainsAny(src, "\r\ufeff") || strings.Contains(src, " \n") {
						t.Errorf("version %d is not stored normalised (%v): %q", v.Version, err, src)
					}
				}
				if stored != 0 {
					t.Errorf("%d versions more stored than installed", -stored)
				}
			})
		}
	})
}

// Versions installed before sources were normalised are stored as
// uploaded, with the hash of those bytes; the same file must still be
// unchanged, also when its number was counted by the town hall then.
func TestInstallRecognisesVersionsStoredAsUploaded(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		ctx, svc := tw.srv.Ctx(), tw.srv.App.Forms
		raw := strings.ReplaceAll(fmt.Sprintf(versioned, "alt\nversion: 1", "A"), "\n", "\r\n")
		sum := sha256.Sum256([]byte(raw))
		if _, err := db.From(ctx).Exec(ctx, `INSERT INTO form_versions (form_id, version, source, sha256, created_at, active)
			VALUES ('alt', 4, ?, ?, ?, TRUE)`, raw, hex.EncodeToString(sum[:]), start); err != nil {
			t.Fatal(err)
		}
		for _, src := range []string{raw, strings.ReplaceAll(raw, "\r\n", "\n")} {
			f, err := svc.Install(ctx, []byte(src), 0)
			if err != nil || f.Version != 4 {
				t.Errorf("installing the stored file again: version %d (%v), want 4 unchanged", f.Version, err)
			}
		}
	})
}
