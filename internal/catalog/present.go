package catalog

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // dates in the town's zone on any host
	"unicode/utf8"
)

// The methods here prepare a service for the pages.

// maxSummary is the length of a description's summary in result lists.
const maxSummary = 220

// Summary returns the description's first paragraph, cut at a word near
// maxSummary characters.
func (s *Service) Summary(lang string) string {
	d := strings.TrimSpace(s.Description.In(lang))
	if i := strings.Index(d, "\n"); i >= 0 {
		d = strings.TrimSpace(d[:i])
	}
	if utf8.RuneCountInString(d) <= maxSummary {
		return d
	}
	r := []rune(d)[:maxSummary]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > maxSummary/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + " …"
}

// FeeAmount returns the fixed fee as an amount in lang, "" when there is
// none.
func (s *Service) FeeAmount(lang string) string {
	if s.FeeCents == nil {
		return ""
	}
	return FormatFee(*s.FeeCents, lang)
}

// UpdatedOn returns the day of the last change as people write it.
func (s *Service) UpdatedOn(lang string) string { return formatDate(s.UpdatedAt, lang) }

// UpdatedISO returns the day of the last change for <time datetime>.
func (s *Service) UpdatedISO() string { return s.UpdatedAt.Format("2006-01-02") }

var germanMonths = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember"}

// formatDate writes "2. März 2026" or "2 March 2026" in the town's zone.
func formatDate(t time.Time, lang string) string {
	t = t.In(townZone)
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d. %s %d", t.Day(), germanMonths[t.Month()-1], t.Year())
}

// townZone is where the town's dates are read.
var townZone = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return loc
	}
	return time.UTC
}()

// OtherWays returns the channels besides the online form the page offers
// above them, so "Other ways" does not send people back to it.
func (s *Service) OtherWays() []Channel {
	all := s.Channels()
	if !s.HasForm() {
		return all
	}
	out := make([]Channel, 0, len(all))
	for _, c := range all {
		if c != Online {
			out = append(out, c)
		}
	}
	return out
}
