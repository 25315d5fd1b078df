package cases

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// CSVComma separates the fields: German spreadsheet programs (Excel with
// German regional settings) split a CSV at semicolons, since the comma is
// their decimal separator.
const CSVComma = ';'

// CSVLimit bounds one CSV export; a list longer than that is a job for the
// ZIP hand-over or a narrower filter.
const CSVLimit = 50000

// csvHeader names the columns of the CSV export (German, the office's
// language; the column names are stable for spreadsheets built on them).
// Each names what the column holds: the form's ID (e.g.
// "halteverbot-umzug"), then the title the citizen saw.
var csvHeader = []string{"Vorgangsnummer", "Formular-ID", "Leistung/Titel", "Fachbereich", "Status", "Status-Schlüssel",
	"Name", "E-Mail", "Eingang", "Frist", "Überfällig", "Ruht", "Bearbeitung", "Abgeschlossen"}

// ExportCSV writes the cases matching f (all pages, at most CSVLimit) as
// CSV and audits the export of personal data with the number of rows.
func (s *Service) ExportCSV(ctx context.Context, f Filter, actor Actor, w io.Writer) (int, error) {
	now := s.Now()
	f, err := s.byReference(ctx, f, actor)
	if err != nil {
		return 0, err
	}
	where, args, ok := f.where(actor, now)
	cw := csv.NewWriter(w)
	cw.Comma = CSVComma
	if err := cw.Write(csvHeader); err != nil {
		return 0, err
	}
	n := 0
	if ok {
		args = append(args, CSVLimit)
		rows, err := db.From(ctx).Query(ctx, "SELECT "+listColumns+caseFrom+where+f.order()+" LIMIT ?", args...)
		if err != nil {
			return 0, fmt.Errorf("export cases: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCase(rows)
			if err != nil {
				return n, fmt.Errorf("scan case: %w", err)
			}
			if err := cw.Write(csvRow(c, now)); err != nil {
				return n, err
			}
			n++
		}
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("export cases: %w", err)
		}
	}
	e := audit.By(actor.UserID, actor.IP).Did("case.export_csv", "case", "")
	e.Detail = strconv.Itoa(n) + " cases"
	if err := s.deps.Audit.Record(ctx, db.From(ctx), e); err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

func csvRow(c Case, now time.Time) []string {
	yes := func(b bool) string {
		if b {
			return "ja"
		}
		return "nein"
	}
	return []string{c.Reference, csvCell(c.FormID), csvCell(c.Title.In("de")), csvCell(c.DepartmentName),
		csvCell(c.StatusLabel("de")), csvCell(c.Status), csvCell(c.ApplicantName), csvCell(c.ApplicantEmail),
		csvDate(c.CreatedAt), csvDate(c.DueAt), yes(c.Overdue(now)), yes(c.Paused()), csvCell(c.AssigneeName), csvDate(c.ClosedAt)}
}

func csvDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(townZone).Format(time.DateOnly)
}

// csvCell defuses text a spreadsheet would run as a formula (CSV
// injection): a leading = + - @ or tab gets an apostrophe.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
