package formdef

import "testing"

// BenchmarkFillDemoForm is one whole submission of the dog registration as
// the web module runs it: every page decoded, computed and validated, then
// cleaned, validated, summarised in both languages.
func BenchmarkFillDemoForm(b *testing.B) {
	f := demoForm(b, "hund-anmelden")
	good := goodAnswers["hund-anmelden"]
	for b.Loop() {
		a := Answers{}
		for _, p := range f.Pages {
			if f.PageVisible(p, a) {
				f.Decode(p, good.pages[p.ID], a)
				f.Compute(a)
				f.ValidatePage(p, a, "de", today)
			}
		}
		f.Compute(a)
		f.Clean(a)
		if errs := f.Validate(a, "de", today); len(errs) > 0 {
			b.Fatal(errs)
		}
		f.Summary(a, "de")
		f.Summary(a, "en")
	}
}

func BenchmarkParseDemoForm(b *testing.B) {
	src := demoSource(b, "gewerbe-anmelden")
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}
