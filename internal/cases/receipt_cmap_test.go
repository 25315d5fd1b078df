package cases

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"testing"
)

var xrefEntryRe = regexp.MustCompile(`(\d{10}) 00000 n \n`)

// TestReceiptCrossReferencesPointAtTheirObjects: after the ToUnicode maps
// are rewritten, every offset of the cross-reference table and startxref
// still lands on its object, and each map steps one byte per range.
func TestReceiptCrossReferencesPointAtTheirObjects(t *testing.T) {
	c := demoReceiptCase()
	c.ApplicantName = "Łukasz Żółćiński-Şahin 李 🏠"
	b := writeTestReceipt(t, c, "de", "", nil)
	if bytes.Contains(b, fpdfBfRange) {
		t.Error("PDF still has fpdf's one-range ToUnicode map")
	}
	if n := bytes.Count(b, conformBfRanges); n != 2 {
		t.Errorf("PDF has %d conforming ToUnicode maps, want 2 (regular, bold)", n)
	}
	xref := bytes.LastIndex(b, []byte("\nxref\n")) + 1
	entries := xrefEntryRe.FindAllSubmatch(b[xref:], -1)
	if len(entries) < 10 {
		t.Fatalf("only %d cross-reference entries", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("entry %d points at %q, want %q", i+1, b[off:min(off+12, len(b))], want)
		}
	}
	start := bytes.LastIndex(b, []byte("startxref\n"))
	var at int
	if _, err := fmt.Sscanf(string(b[start:]), "startxref\n%d\n%%%%EOF", &at); err != nil || at != xref {
		t.Errorf("startxref %d (%v), want %d", at, err, xref)
	}
	// The stream's /Length covers exactly the rewritten map.
	m := regexp.MustCompile(`<</Length (\d+)>>\nstream\n`).FindAllSubmatchIndex(b, -1)
	found := 0
	for _, loc := range m {
		n, _ := strconv.Atoi(string(b[loc[2]:loc[3]]))
		body := b[loc[1]:]
		if bytes.HasPrefix(body, []byte("/CIDInit")) {
			found++
			if !bytes.HasPrefix(body[n:], []byte("\nendstream")) {
				t.Errorf("ToUnicode /Length %d does not end at endstream", n)
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d ToUnicode streams, want 2", found)
	}
}
