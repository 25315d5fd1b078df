package cases

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// Receipt is what the PDF receipt (Eingangsbestätigung) of a case shows.
// The HTML case page is the accessible original; the PDF is a copy to file
// or print, and says so.
type Receipt struct {
	Case Case
	// Files are the documents sent with the form.
	Files []Document
	Town  string
	Lang  string
	// PageURL is the absolute address of the case page for accounts; empty
	// for guests, whose private link is a secret that does not belong on
	// paper.
	PageURL string
	// Made is when the PDF is made, for its metadata.
	Made time.Time
	// T translates a message key into Lang.
	T func(key string, args ...any) string
}

// Page geometry in millimetres (A4).
const (
	rcptMargin    = 20.0
	rcptLabelW    = 62.0
	rcptGap       = 4.0
	rcptLine      = 5.2
	rcptBodySize  = 10.5
	rcptFooterTop = 14.0
)

// receiptPDF writes one receipt.
type receiptPDF struct {
	f      *fpdf.Fpdf
	r      Receipt
	pageH  float64
	textW  float64
	valueW float64
	// lossy is set once a character prints other than as typed (pdfText).
	lossy bool
}

// receiptSlots bounds how many receipts are made at once: fpdf parses the
// embedded fonts anew for each document (about 20 MB of garbage each), so a
// burst of downloads waits for a CPU instead of growing the heap.
var receiptSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// WriteReceipt writes the case's receipt as PDF to w.
func WriteReceipt(w io.Writer, r Receipt) error {
	receiptSlots <- struct{}{}
	defer func() { <-receiptSlots }()
	f := fpdf.New("P", "mm", "A4", "")
	addReceiptFonts(f)
	pw, ph := f.GetPageSize()
	p := &receiptPDF{f: f, r: r, pageH: ph, textW: pw - 2*rcptMargin}
	p.valueW = p.textW - rcptLabelW - rcptGap
	c := r.Case
	title := c.Title.In(r.Lang)

	f.SetMargins(rcptMargin, rcptMargin, rcptMargin)
	f.SetAutoPageBreak(true, rcptMargin+rcptFooterTop)
	f.SetTitle(pdfMeta(r.T("cases.citizen.receipt.doc_title", title, c.Reference)), true)
	f.SetSubject(pdfMeta(r.T("cases.citizen.receipt.heading")), true)
	f.SetAuthor(pdfMeta(r.Town), true)
	f.SetCreator("Offenes Rathaus", true)
	lang := "de-DE"
	if r.Lang == "en" {
		lang = "en-GB"
	}
	f.SetLang(lang)
	f.SetCreationDate(r.Made)
	f.SetModificationDate(r.Made)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(p.footer)
	f.AddPage()

	f.SetFont(rcptFont, "", 11)
	p.text(r.Town)
	f.Ln(2)
	f.SetFont(rcptFont, "B", 18)
	p.heading(r.T("cases.citizen.receipt.heading"), 0)
	f.SetFont(rcptFont, "B", 13)
	p.multi(title, 6)
	f.Ln(3)

	p.rows([]receiptRow{
		{Label: r.T("cases.citizen.field.reference"), Value: c.Reference, Bold: true},
		{Label: r.T("cases.citizen.field.received"), Value: newCitizenFmt(r.Lang).Time(c.CreatedAt)},
		{Label: r.T("cases.citizen.field.applicant"), Value: applicantText(c)},
	})

	if c.Erased() {
		p.section(r.T("cases.citizen.erased.title"))
		f.SetFont(rcptFont, "", rcptBodySize)
		p.multi(r.T("cases.citizen.erased.text", newCitizenFmt(r.Lang).Date(c.ErasedAt)), rcptLine)
	} else {
		p.section(r.T("cases.citizen.answers"))
		p.rows(answerRows(c.Summary[summaryLang(c, r.Lang)]))
		p.section(r.T("cases.citizen.files"))
		f.SetFont(rcptFont, "", rcptBodySize)
		if len(r.Files) == 0 {
			p.multi(r.T("cases.citizen.files.none"), rcptLine)
		}
		for _, d := range r.Files {
			p.multi("- "+d.Name+" ("+newCitizenFmt(r.Lang).Size(d.Size)+")", rcptLine)
		}
	}

	p.section(r.T("cases.citizen.receipt.note_title"))
	f.SetFont(rcptFont, "", rcptBodySize)
	if r.PageURL != "" {
		p.multi(r.T("cases.citizen.receipt.note_account", r.PageURL), rcptLine)
	} else {
		p.multi(r.T("cases.citizen.receipt.note_guest"), rcptLine)
	}
	if p.lossy {
		f.Ln(1.5)
		p.multi(r.T("cases.citizen.receipt.glyphs"), rcptLine)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return fmt.Errorf("receipt %s: %w", c.Reference, err)
	}
	out, err := conformToUnicode(buf.Bytes())
	if err != nil {
		return fmt.Errorf("receipt %s: %w", c.Reference, err)
	}
	_, err = w.Write(out)
	return err
}

// applicantText is the applicant's name with the e-mail address below.
func applicantText(c Case) string {
	return strings.TrimSpace(strings.Join(nonEmpty(c.ApplicantName, c.ApplicantEmail), "\n"))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// summaryLang picks the summary in lang, or German, or whatever there is.
func summaryLang(c Case, lang string) string {
	if len(c.Summary[lang]) > 0 {
		return lang
	}
	if len(c.Summary["de"]) > 0 {
		return "de"
	}
	for l := range c.Summary {
		return l
	}
	return lang
}

// receiptRow is one label/value pair of a two-column table.
type receiptRow struct {
	Label, Value string
	Bold         bool
	// Indent moves the row right (items of a repeating group).
	Indent float64
	// Gap leaves space before the row: the first line of a group item.
	Gap bool
	// Heading is a row of its label alone: a group item's heading.
	Heading bool
}

// answerRows turns the answer summary into table rows. Lines of a
// repeating group's item share its number (Group, from 1) and heading
// (Item, "Hund 1"): each item starts after a gap with its heading in bold,
// and its lines follow indented, labelled with the question alone, so
// "Hund 1" and "Hund 2" stay apart on paper. Summaries stored without
// headings keep their labels ("Hund 1: Name").
func answerRows(lines []Line) []receiptRow {
	out := make([]receiptRow, 0, len(lines))
	prev := 0
	for _, l := range lines {
		row := receiptRow{Label: l.Label, Value: l.Value}
		if l.Group > 0 {
			row.Indent = 4
			row.Gap = l.Group != prev
			if l.Item != "" {
				if row.Gap {
					out = append(out, receiptRow{Label: l.Item, Heading: true, Gap: true})
					row.Gap = false
				}
				row.Label = strings.TrimPrefix(l.Label, l.Item+": ")
			}
		}
		prev = l.Group
		out = append(out, row)
	}
	return out
}

// rows writes a two-column table line by line, so a long value wraps and
// continues on the next page instead of running off it. A label too long
// for its column goes above its value: the text then reads in order
// (label, value) when copied or read aloud, instead of interleaving.
func (p *receiptPDF) rows(rows []receiptRow) {
	f := p.f
	for _, row := range rows {
		if row.Gap {
			f.Ln(1.5)
		}
		if row.Heading {
			f.SetFont(rcptFont, "B", rcptBodySize)
			// The heading stays with the item's first line.
			p.need(2 * rcptLine)
			for _, l := range p.wrap(p.clean(row.Label), p.textW) {
				p.cell(rcptMargin, p.textW, rcptLine, l)
			}
			continue
		}
		f.SetFont(rcptFont, "B", rcptBodySize)
		labels := p.wrap(p.clean(row.Label), rcptLabelW-row.Indent)
		style := ""
		if row.Bold {
			style = "B"
		}
		f.SetFont(rcptFont, style, rcptBodySize)
		values := p.wrap(p.clean(row.Value), p.valueW)
		if len(values) == 0 {
			values = []string{"-"}
		}
		// Keep short rows together; long ones break where they must.
		p.need(float64(min(len(labels)+len(values), 3)) * rcptLine)
		if len(labels) > 1 {
			f.SetFont(rcptFont, "B", rcptBodySize)
			for _, l := range p.wrap(p.clean(row.Label), p.textW-row.Indent) {
				p.cell(rcptMargin+row.Indent, p.textW-row.Indent, rcptLine, l)
			}
			labels = nil
		}
		for i := range max(len(labels), len(values)) {
			p.need(rcptLine)
			y := f.GetY()
			if i < len(labels) {
				f.SetFont(rcptFont, "B", rcptBodySize)
				f.SetXY(rcptMargin+row.Indent, y)
				f.CellFormat(rcptLabelW-row.Indent, rcptLine, labels[i], "", 0, "L", false, 0, "")
			}
			f.SetFont(rcptFont, style, rcptBodySize)
			f.SetXY(rcptMargin+rcptLabelW+rcptGap, y)
			if i < len(values) {
				f.CellFormat(p.valueW, rcptLine, values[i], "", 0, "L", false, 0, "")
			}
			f.SetXY(rcptMargin, y+rcptLine)
		}
		f.Ln(1.2)
	}
}

// cell writes one line of prepared (pdfText), wrapped text at x.
func (p *receiptPDF) cell(x, w, h float64, line string) {
	p.need(h)
	y := p.f.GetY()
	p.f.SetXY(x, y)
	p.f.CellFormat(w, h, line, "", 0, "L", false, 0, "")
	p.f.SetXY(rcptMargin, y+h)
}

// clean prepares s for the page (pdfText) and remembers a loss.
func (p *receiptPDF) clean(s string) string {
	t, lossy := pdfText(s)
	p.lossy = p.lossy || lossy
	return t
}

// pdfMeta prepares s for the document's metadata, which fpdf writes as
// UTF-16 of the Basic Multilingual Plane only.
func pdfMeta(s string) string {
	t, _ := pdfText(s)
	return t
}

// need starts a new page unless h millimetres fit on this one.
func (p *receiptPDF) need(h float64) {
	if p.f.GetY()+h > p.pageH-rcptMargin-rcptFooterTop {
		p.f.AddPage()
	}
}

// section starts a titled part with a rule above it.
func (p *receiptPDF) section(title string) {
	f := p.f
	f.Ln(3)
	p.need(rcptLine * 4)
	y := f.GetY()
	f.SetDrawColor(120, 120, 120)
	f.Line(rcptMargin, y, rcptMargin+p.textW, y)
	f.Ln(2.5)
	f.SetFont(rcptFont, "B", 13)
	p.heading(title, 1)
	f.Ln(1)
}

// heading writes a heading and adds it to the outline (bookmarks), which
// screen readers and PDF viewers use to move through the document.
func (p *receiptPDF) heading(s string, level int) {
	// fpdf encodes the title as UTF-16 for the UTF-8 font set.
	p.f.Bookmark(p.clean(s), level, -1)
	p.multi(s, 8)
}

func (p *receiptPDF) text(s string) { p.multi(s, rcptLine) }

// multi writes wrapped text across the page width. fpdf's MultiCell and
// SplitText would drop a character at a break between CJK characters and
// index past their width table beyond U+FFFF; wrap does neither.
func (p *receiptPDF) multi(s string, h float64) {
	for _, l := range p.wrap(p.clean(s), p.textW) {
		p.cell(rcptMargin, p.textW, h, l)
	}
}

func (p *receiptPDF) footer() {
	f := p.f
	f.SetY(-(rcptMargin + 4))
	f.SetFont(rcptFont, "", 8.5)
	f.SetTextColor(70, 70, 70)
	left := p.r.T("cases.citizen.receipt.footer", p.r.Case.Reference)
	f.CellFormat(p.textW/2, 4, p.clean(left), "", 0, "L", false, 0, "")
	page := p.r.T("cases.citizen.receipt.page", f.PageNo(), "{nb}")
	f.CellFormat(p.textW/2, 4, p.clean(page), "", 0, "R", false, 0, "")
	f.SetTextColor(0, 0, 0)
}
