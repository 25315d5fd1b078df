package cases

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// The filing part of the case ZIP (Aktenablage): beside the hand-over
// files the department's own record of the case, complete with internal
// notes, since the ZIP is its file, not the citizen's copy.

// exportEvent is one step of the history in history.json.
type exportEvent struct {
	ID              int64       `json:"id"`
	Kind            string      `json:"kind"`
	Public          bool        `json:"public"`
	Time            string      `json:"time"`
	Actor           exportActor `json:"actor"`
	FromStatus      string      `json:"fromStatus,omitempty"`
	FromStatusLabel string      `json:"fromStatusLabel,omitempty"`
	Status          string      `json:"status,omitempty"`
	StatusLabel     string      `json:"statusLabel,omitempty"`
	PublicNote      string      `json:"publicNote,omitempty"`
	InternalNote    string      `json:"internalNote,omitempty"`
	// Assignee is who an assigned or claimed event gave the case to.
	Assignee *exportActor `json:"assignee,omitempty"`
	// RefID is the message, document request or file the event is about.
	RefID int64  `json:"refId,omitempty"`
	DueAt string `json:"dueAt,omitempty"`
}

type exportActor struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

type exportHistory struct {
	Reference string        `json:"reference"`
	Events    []exportEvent `json:"events"`
}

// exportMessage is one message in messages.json.
type exportMessage struct {
	ID     int64       `json:"id"`
	Time   string      `json:"time"`
	From   exportActor `json:"from"`
	Body   string      `json:"body"`
	ReadAt string      `json:"readAt,omitempty"`
}

type exportMessages struct {
	Reference string          `json:"reference"`
	Messages  []exportMessage `json:"messages"`
}

// filing is what the filing files are made from.
type filing struct {
	c        Case
	service  publicServiceType
	events   []Event
	messages []Message
	// names are the staff members of assigned/claimed events by id.
	names map[int64]string
}

func (s *Service) loadFiling(ctx context.Context, q db.Querier, c Case, service publicServiceType) (filing, error) {
	f := filing{c: c, service: service, names: map[int64]string{}}
	var err error
	if f.events, err = listEvents(ctx, q, c.ID, false); err != nil {
		return f, err
	}
	if f.messages, err = listMessages(ctx, q, c.ID); err != nil {
		return f, err
	}
	for _, e := range f.events {
		if (e.Kind != EventAssigned && e.Kind != EventClaimed) || e.RefID == 0 {
			continue
		}
		if _, ok := f.names[e.RefID]; ok {
			continue
		}
		var name, email string
		err := q.QueryRow(ctx, "SELECT name, email FROM users WHERE id = ?", e.RefID).Scan(&name, &email)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return f, fmt.Errorf("export: assignee: %w", err)
		}
		if name == "" {
			name = email
		}
		f.names[e.RefID] = name
	}
	return f, nil
}

func exportTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (f filing) statusLabel(key string) string {
	if key == "" {
		return ""
	}
	return Case{Status: key, Statuses: f.c.Statuses}.StatusLabel("de")
}

// actorOf names who made event e; the citizen by the applicant's name.
func (f filing) actorOf(e Event) exportActor {
	a := exportActor{Kind: e.ActorKind, ID: e.ActorID, Name: e.ActorName}
	if e.ActorKind == ActorCitizen && a.Name == "" {
		a.Name = f.c.ApplicantName
	}
	return a
}

func (f filing) historyJSON() ([]byte, error) {
	h := exportHistory{Reference: f.c.Reference, Events: []exportEvent{}}
	for _, e := range f.events {
		x := exportEvent{ID: e.ID, Kind: e.Kind, Public: e.Public, Time: exportTime(e.CreatedAt), Actor: f.actorOf(e),
			FromStatus: e.FromStatus, FromStatusLabel: f.statusLabel(e.FromStatus), Status: e.Status, StatusLabel: f.statusLabel(e.Status),
			PublicNote: e.PublicNote, InternalNote: e.InternalNote, RefID: e.RefID, DueAt: exportTime(e.DueAt)}
		if e.Kind == EventAssigned || e.Kind == EventClaimed {
			x.RefID = 0
			if e.RefID != 0 {
				x.Assignee = &exportActor{Kind: ActorStaff, ID: e.RefID, Name: f.names[e.RefID]}
			}
		}
		h.Events = append(h.Events, x)
	}
	return json.MarshalIndent(h, "", "  ")
}

func (f filing) messagesJSON() ([]byte, error) {
	m := exportMessages{Reference: f.c.Reference, Messages: []exportMessage{}}
	for _, msg := range f.messages {
		x := exportMessage{ID: msg.ID, Time: exportTime(msg.CreatedAt), Body: msg.Body, ReadAt: exportTime(msg.ReadAt),
			From: exportActor{Kind: ActorCitizen, Name: f.c.ApplicantName}}
		if msg.FromStaff {
			x.From = exportActor{Kind: ActorStaff, ID: msg.AuthorID, Name: msg.AuthorName}
		}
		m.Messages = append(m.Messages, x)
	}
	return json.MarshalIndent(m, "", "  ")
}

// zipFile is one file of the ZIP as listed in the summary.
type zipFile struct {
	Path string
	Size int
}

// summaryText is vorgang.txt: the case for people, in German (the
// office's language), with the list of the ZIP's files.
func (s *Service) summaryText(f filing, files []zipFile) []byte {
	t := func(key string, args ...any) string { return s.t("de", key, args...) }
	c := f.c
	var b bytes.Buffer
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	heading := func(title string) {
		line("")
		line("%s", title)
		line("%s", strings.Repeat("=", len([]rune(title))))
	}
	field := func(key, value string) {
		if value != "" {
			line("%s: %s", t(key), value)
		}
	}
	when := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.In(townZone).Format("02.01.2006 15:04")
	}
	line("%s", t("cases.export.title", c.Reference))
	line("%s", strings.Repeat("=", len([]rune(t("cases.export.title", c.Reference)))))
	field("cases.export.reference", c.Reference)
	service := f.service.Name
	if f.service.Identifier != "" {
		service += " (" + f.service.Identifier + ")"
	}
	field("cases.export.service", service)
	field("cases.export.form", t("cases.export.form_version", c.FormID, c.FormVersion))
	field("cases.export.department", c.DepartmentName)
	field("cases.export.status", c.StatusLabel("de"))
	field("cases.export.received", when(c.CreatedAt))
	field("cases.export.due", when(c.DueAt))
	field("cases.export.closed", when(c.ClosedAt))
	field("cases.export.assignee", c.AssigneeName)

	heading(t("cases.export.applicant"))
	field("cases.export.name", c.ApplicantName)
	field("cases.export.email", c.ApplicantEmail)

	heading(t("cases.export.answers"))
	for _, l := range c.Summary[summaryLang(c, "de")] {
		line("%s: %s", l.Label, indentRest(l.Value))
	}

	heading(t("cases.export.history"))
	for _, e := range f.events {
		a := f.actorOf(e)
		who := a.Name
		if who == "" {
			who = t("cases.export.by." + a.Kind)
		}
		what := t("cases.export.event." + e.Kind)
		if !e.Public {
			what += " (" + t("cases.export.internal") + ")"
		}
		line("%s – %s – %s", when(e.CreatedAt), what, who)
		if e.FromStatus != e.Status && e.FromStatus != "" {
			line("  %s", t("cases.export.status_change", f.statusLabel(e.FromStatus), f.statusLabel(e.Status)))
		}
		if (e.Kind == EventAssigned || e.Kind == EventClaimed) && e.RefID != 0 {
			line("  %s", t("cases.export.assigned_to", f.names[e.RefID]))
		}
		if !e.DueAt.IsZero() {
			line("  %s", t("cases.export.new_due", when(e.DueAt)))
		}
		if e.PublicNote != "" {
			line("  %s %s", t("cases.export.public_note"), indentRest(e.PublicNote))
		}
		if e.InternalNote != "" {
			line("  %s %s", t("cases.export.internal_note"), indentRest(e.InternalNote))
		}
	}

	heading(t("cases.export.messages"))
	if len(f.messages) == 0 {
		line("%s", t("cases.export.no_messages"))
	}
	for _, m := range f.messages {
		who := t("cases.export.by.citizen")
		if m.FromStaff {
			who = t("cases.export.by.staff")
			if m.AuthorName != "" {
				who += " (" + m.AuthorName + ")"
			}
		}
		line("%s – %s:", when(m.CreatedAt), who)
		line("  %s", indentRest(m.Body))
	}

	heading(t("cases.export.files"))
	for _, zf := range files {
		if zf.Size < 0 {
			line("%s", zf.Path)
			continue
		}
		line("%s (%d Bytes)", zf.Path, zf.Size)
	}
	line("%s", t("cases.export.files_hint"))
	return b.Bytes()
}

// indentRest indents the lines after the first of a multi-line text, so
// it stays under its label.
func indentRest(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n    ")
}

// filingReceipt is the case's receipt as the citizen downloads it, in
// German: the files are those sent with the form.
func (s *Service) filingReceipt(ctx context.Context, c Case, docs []Document) ([]byte, error) {
	r := Receipt{Case: c, Town: s.townName(ctx), Lang: "de", Made: s.Now(),
		T: func(key string, args ...any) string { return s.ct("de", key, args...) }}
	for _, d := range docs {
		if d.Kind == DocAnswer {
			r.Files = append(r.Files, d)
		}
	}
	if c.AccountID != 0 {
		r.PageURL = s.link(CitizenPath(c.Reference))
	}
	var b bytes.Buffer
	if err := WriteReceipt(&b, r); err != nil {
		return nil, fmt.Errorf("export receipt: %w", err)
	}
	return b.Bytes(), nil
}
