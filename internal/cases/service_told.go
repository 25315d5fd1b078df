package cases

// Told says whom a staff action reached, so the notice after it can say
// truthfully whether the applicant learns of it and how.
type Told int

const (
	// ToldNobody: an internal step (assignment, internal note); the
	// applicant neither sees it nor gets a mail.
	ToldNobody Told = iota
	// ToldMail: the applicant sees it online and a mail to them is queued.
	ToldMail
	// ToldOnline: the applicant sees it online only; there is no e-mail
	// address to write to.
	ToldOnline
)

// toldOf is how a public step of case c reaches its applicant: the mail
// helpers write exactly when mailable(c).
func toldOf(c Case) Told {
	if mailable(c) {
		return ToldMail
	}
	return ToldOnline
}

// String is the suffix of the notice's message key.
func (t Told) String() string {
	switch t {
	case ToldMail:
		return "mailed"
	case ToldOnline:
		return "online"
	}
	return "internal"
}
