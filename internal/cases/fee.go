package cases

import "regexp"

// moneyAnswer is how the form engine stores a money answer: text with two
// decimals ("120.00").
var moneyAnswer = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)

// FeeLine is the amount the form calculated for the applicant to pay (the
// fee of a permit, a tax), as the summary in lang shows it; nil when there
// is none. It is the first calculated money answer outside repeating
// groups that is more than zero. Cases say only that it is due and that
// the decision says how to pay: payment itself is not ours.
func (c Case) FeeLine(lang string) *Line {
	lines := c.Summary[summaryLang(c, lang)]
	for i, l := range lines {
		if !l.Computed || l.Group != 0 || l.Path == "" {
			continue
		}
		v, ok := c.Answers[l.Path].(string)
		if ok && moneyAnswer.MatchString(v) && !allZero(v) {
			return &lines[i]
		}
	}
	return nil
}

// Approved reports whether the case closed with a status that grants it
// (any closing status but a refusal).
func (c Case) Approved() bool { return c.Closed() && !c.Refused() }

func allZero(v string) bool {
	for _, r := range v {
		if r != '0' && r != '.' {
			return false
		}
	}
	return true
}
