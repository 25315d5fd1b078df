package cases

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// fpdfBfRange is the one range of the ToUnicode CMap fpdf writes for each
// UTF-8 font, mapping every code to the same UTF-16 value. The PDF spec
// (ISO 32000-1, 9.10.3) lets a range step only the last byte of its
// destination, so readers that follow it, such as ledongthuc/pdf, read "Ł"
// (U+0141) as "A" and "€" as "¬"; lenient ones (pdf.js, poppler) carry.
var fpdfBfRange = []byte("1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange")

// conformBfRanges is the same map as 256 ranges that each step one byte.
var conformBfRanges = func() []byte {
	var b bytes.Buffer
	b.WriteString("256 beginbfrange\n")
	for hi := range 256 {
		fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi)
	}
	b.WriteString("endbfrange")
	return b.Bytes()
}()

// conformToUnicode rewrites fpdf's output so that every reader extracts the
// text as written: it swaps each ToUnicode range for conformBfRanges,
// corrects the stream's /Length and moves the cross-reference offsets
// behind. fpdf writes neither compressed nor encrypted here, and its
// cross-reference table has fixed 20-byte entries.
func conformToUnicode(pdf []byte) ([]byte, error) {
	type edit struct {
		start, end int
		repl       []byte
	}
	var edits []edit
	for from := 0; ; {
		i := bytes.Index(pdf[from:], fpdfBfRange)
		if i < 0 {
			break
		}
		i += from
		l := bytes.LastIndex(pdf[:i], []byte("<</Length "))
		if l < 0 {
			return nil, errors.New("receipt PDF: ToUnicode stream without /Length")
		}
		l += len("<</Length ")
		end := bytes.IndexByte(pdf[l:i], '>')
		if end < 0 {
			return nil, errors.New("receipt PDF: ToUnicode /Length unterminated")
		}
		end += l
		n, err := strconv.Atoi(string(pdf[l:end]))
		if err != nil {
			return nil, fmt.Errorf("receipt PDF: ToUnicode /Length: %w", err)
		}
		n += len(conformBfRanges) - len(fpdfBfRange)
		edits = append(edits, edit{l, end, []byte(strconv.Itoa(n))},
			edit{i, i + len(fpdfBfRange), conformBfRanges})
		from = i + len(fpdfBfRange)
	}
	if len(edits) == 0 {
		return pdf, nil
	}
	shift := func(off int) int {
		d := 0
		for _, e := range edits {
			if e.end <= off {
				d += len(e.repl) - (e.end - e.start)
			}
		}
		return off + d
	}

	xref := bytes.LastIndex(pdf, []byte("\nxref\n0 ")) + 1
	trailer := bytes.LastIndex(pdf, []byte("\ntrailer\n"))
	startxref := bytes.LastIndex(pdf, []byte("startxref\n"))
	if xref == 0 || trailer < xref || startxref < trailer || xref < edits[len(edits)-1].end {
		return nil, errors.New("receipt PDF: no cross-reference table after the fonts")
	}
	var out bytes.Buffer
	out.Grow(len(pdf) + len(edits)*len(conformBfRanges))
	prev := 0
	for _, e := range edits {
		out.Write(pdf[prev:e.start])
		out.Write(e.repl)
		prev = e.end
	}
	out.Write(pdf[prev:xref])
	// "xref\n0 N\n", then entries "0000012345 00000 n \n".
	head := bytes.IndexByte(pdf[xref+5:], '\n') + xref + 6
	out.Write(pdf[xref:head])
	entries := pdf[head : trailer+1]
	if len(entries)%20 != 0 {
		return nil, errors.New("receipt PDF: unexpected cross-reference entries")
	}
	for e := 0; e < len(entries); e += 20 {
		entry := entries[e : e+20]
		if entry[17] != 'n' {
			out.Write(entry)
			continue
		}
		off, err := strconv.Atoi(string(entry[:10]))
		if err != nil {
			return nil, fmt.Errorf("receipt PDF: cross-reference entry: %w", err)
		}
		fmt.Fprintf(&out, "%010d%s", shift(off), entry[10:])
	}
	out.Write(pdf[trailer+1 : startxref])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", shift(xref))
	return out.Bytes(), nil
}
