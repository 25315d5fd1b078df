package cases

import (
	"bytes"
	"testing"
)

// BenchmarkWriteReceipt makes the demo dog registration's receipt: two
// pages, a repeating group, a long answer.
func BenchmarkWriteReceipt(b *testing.B) {
	c := demoReceiptCase()
	cat := receiptCatalog(b)
	r := Receipt{Case: c, Town: "Musterstadt", Lang: "de", Made: c.CreatedAt,
		Files: []Document{{Name: "Impfpass Bärbel.pdf", Size: 312_000}},
		T:     func(key string, args ...any) string { return cat.T("de", key, args...) }}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteReceipt(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}
