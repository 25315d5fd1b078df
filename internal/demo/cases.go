package demo

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// demoCase is a sent form of the demo town and how far the department has
// got with it.
type demoCase struct {
	form         string
	name, email  string
	account      bool // sent by Max Mustermann with his account
	lang         string
	lines        []cases.Line // the German summary; English reuses it
	staff        string       // who claims it ("" nobody)
	status       string       // the status it moves to ("" stays at the first)
	publicNote   string
	internalNote string
	pause        string // pause reason
	message      string
	request      string
}

var demoCases = []demoCase{
	{form: "hund-anmelden", name: "Max Mustermann", email: "buerger@musterstadt.example", account: true, lang: "de",
		lines: []cases.Line{{Label: "Name", Value: "Max Mustermann"}, {Label: "Name des Hundes", Value: "Bello"},
			{Label: "Rasse", Value: "Dackel"}, {Label: "Hundesteuer pro Jahr", Value: "120,00 €"}},
		staff: "kaemmerei@musterstadt.example", status: "in_pruefung", publicNote: "Wir prüfen Ihre Anmeldung.",
		internalNote: "Zweithund? Steuersatz prüfen.", message: "Ist Bello gechippt? Bitte nennen Sie uns die Chipnummer.",
		request: "Kopie des Impfpasses von Bello"},
	{form: "meldebescheinigung", name: "Gerda Gast", email: "gerda.gast@example.org", lang: "de",
		lines: []cases.Line{{Label: "Name", Value: "Gerda Gast"}, {Label: "Art der Bescheinigung", Value: "Einfache Meldebescheinigung"}}},
	{form: "halteverbot-umzug", name: "Max Mustermann", email: "buerger@musterstadt.example", account: true, lang: "de",
		lines: []cases.Line{{Label: "Straße und Hausnummer", Value: "Marktplatz 3"}, {Label: "Datum des Umzugs", Value: "12.06.2026"},
			{Label: "Länge der Zone", Value: "15 m"}},
		staff: "ordnungsamt@musterstadt.example", pause: "Wir warten auf die Stellungnahme der Straßenverkehrsbehörde."},
	{form: "bewohnerparkausweis", name: "Jane Doe", email: "jane.doe@example.org", lang: "en",
		lines: []cases.Line{{Label: "Name", Value: "Jane Doe"}, {Label: "Kennzeichen", Value: "MU-JD 42"}},
		staff: "leitung.ordnungsamt@musterstadt.example", status: "genehmigt", publicNote: "Your permit is in the post."},
	{form: "gewerbe-anmelden", name: "Erika Beispiel", email: "erika@beispiel-baeckerei.example", lang: "de",
		lines: []cases.Line{{Label: "Name", Value: "Erika Beispiel"}, {Label: "Tätigkeit", Value: "Bäckerei mit Café"}}},
}

// seedCases sends a few demo cases through case handling, in several
// statuses, so the departments' inboxes and "Mein Rathaus" are not empty.
// Forms must be installed first: the cases take title, department and
// statuses from the running versions.
func seedCases(ctx context.Context, a *app.App) error {
	for _, dc := range demoCases {
		f, err := a.Forms.Running(ctx, dc.form)
		if err != nil {
			return fmt.Errorf("demo case %s: %w", dc.form, err)
		}
		in := cases.Intake{FormID: f.ID, FormVersion: f.Version, Service: f.Service, Department: f.Department,
			Title: cases.Text(f.Title), Name: dc.name, Email: dc.email, Lang: dc.lang,
			Answers:       map[string]any{"name": dc.name},
			Summary:       map[string][]cases.Line{"de": dc.lines, "en": dc.lines},
			Statuses:      statusesOf(f),
			RetentionDays: f.RetentionDays, DeadlineDays: f.DeadlineDays}
		if dc.account {
			u, err := a.Auth.UserByEmail(ctx, dc.email)
			if err != nil {
				return fmt.Errorf("demo case %s: %w", dc.form, err)
			}
			in.AccountID = u.ID
		}
		c, _, err := a.Cases.Intake(ctx, in)
		if err != nil {
			return fmt.Errorf("demo case %s: %w", dc.form, err)
		}
		if err := workOn(ctx, a, c, dc); err != nil {
			return fmt.Errorf("demo case %s: %w", dc.form, err)
		}
	}
	return nil
}

// workOn does to a demo case what its department has done so far.
func workOn(ctx context.Context, a *app.App, c cases.Case, dc demoCase) error {
	if dc.staff == "" {
		return nil
	}
	u, err := a.Auth.UserByEmail(ctx, dc.staff)
	if err != nil {
		return err
	}
	actor := cases.Actor{UserID: u.ID, Departments: []int64{c.DepartmentID}}
	if err := a.Cases.Claim(ctx, c.ID, actor); err != nil {
		return err
	}
	if dc.status != "" {
		if err := a.Cases.SetStatus(ctx, c.ID, cases.StatusChange{Status: dc.status, PublicNote: dc.publicNote,
			InternalNote: dc.internalNote}, actor); err != nil {
			return err
		}
	}
	if dc.message != "" {
		if err := a.Cases.SendMessage(ctx, c.ID, dc.message, actor); err != nil {
			return err
		}
	}
	if dc.request != "" {
		if err := a.Cases.RequestDocument(ctx, c.ID, dc.request, actor); err != nil {
			return err
		}
	}
	if dc.pause != "" {
		return a.Cases.Pause(ctx, c.ID, dc.pause, actor)
	}
	return nil
}

func statusesOf(f *formdef.Form) []cases.Status {
	out := make([]cases.Status, 0, len(f.Statuses))
	for _, s := range f.Statuses {
		out = append(out, cases.Status{Key: s.Key, Label: cases.Text(s.Label), Closing: s.Closing})
	}
	return out
}
