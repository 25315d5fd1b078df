package workdays

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
)

// holidaysOf returns the public holidays that apply in the whole Land.
// Holidays of single municipalities (Mariä Himmelfahrt in Bavaria's Catholic
// communities, Fronleichnam in parts of Saxony and Thuringia, the Augsburger
// Friedensfest) are not in these lists.
func holidaysOf(land string) ([]*cal.Holiday, bool) {
	var base []*cal.Holiday
	switch land {
	case "BW":
		base = de.HolidaysBW
	case "BY":
		base = de.HolidaysBY
	case "BE":
		base = de.HolidaysBE
	case "BB":
		base = de.HolidaysBB
	case "HB":
		base = de.HolidaysHB
	case "HH":
		base = de.HolidaysHH
	case "HE":
		base = de.HolidaysHE
	case "MV":
		base = de.HolidaysMV
	case "NI":
		base = de.HolidaysNI
	case "NW":
		base = de.HolidaysNW
	case "RP":
		base = de.HolidaysRP
	case "SL":
		base = de.HolidaysSL
	case "SN":
		base = de.HolidaysSN
	case "ST":
		base = de.HolidaysST
	case "SH":
		base = de.HolidaysSH
	case "TH":
		base = de.HolidaysTH
	default:
		return nil, false
	}
	return corrections(land, base), true
}

// corrections fixes the years in which de's lists are not exact; the
// lists themselves are right for today.
func corrections(land string, base []*cal.Holiday) []*cal.Holiday {
	out := make([]*cal.Holiday, 0, len(base)+3)
	hasReformation := false
	for _, h := range base {
		switch {
		case h == de.Reformationstag:
			hasReformation = true
			if land == "HB" || land == "HH" || land == "NI" || land == "SH" {
				// The four northern Länder made it a holiday by laws of
				// 2018; 2017 was a holiday everywhere (see below).
				h = h.Clone(&cal.Holiday{StartYear: 2017})
			}
		case h == de.Frauentag && land == "BE":
			// Berlin's Feiertagsgesetz has it since 2019.
			h = h.Clone(&cal.Holiday{StartYear: 2019})
		}
		out = append(out, h)
	}
	if !hasReformation {
		// 2017, the 500th anniversary of the Reformation: a one-off
		// holiday in every Land.
		out = append(out, de.Reformationstag.Clone(&cal.Holiday{StartYear: 2017, EndYear: 2017}))
	}
	switch land {
	case "MV":
		// Mecklenburg-Vorpommern added the Frauentag from 2023 on.
		out = append(out, de.Frauentag.Clone(&cal.Holiday{StartYear: 2023}))
	case "BE":
		// One-off: 75th and 80th anniversaries of the end of the war.
		for _, y := range []int{2020, 2025} {
			out = append(out, &cal.Holiday{
				Name: "Tag der Befreiung", Type: cal.ObservancePublic,
				Month: time.May, Day: 8, Func: cal.CalcDayOfMonth,
				StartYear: y, EndYear: y,
			})
		}
	}
	return out
}
