package open311

import (
	"net/url"
	"strconv"
	"testing"
	"time"
)

// BenchmarkMarshalRequests encodes the newest 50 requests, the page the
// issue's list benchmark asks for.
func BenchmarkMarshalRequests(b *testing.B) {
	page := make(ServiceRequests, 50)
	for i := range page {
		page[i] = ServiceRequest{ServiceRequestID: "2026-" + strconv.Itoa(100000+i), Status: Open,
			StatusNotes: "In Bearbeitung", ServiceName: "Wilde Müllkippe, Sperrmüll", ServiceCode: "017",
			Description:       "Am Waldweg liegen ein Sofa, zwei Reifen und mehrere Säcke mit Bauschutt.",
			AgencyResponsible: "Ordnungsamt", RequestedDatetime: Time{time.Date(2026, 3, 1, 9, 30, 0, 0, cet)},
			UpdatedDatetime: Time{time.Date(2026, 3, 2, 9, 30, 0, 0, cet)}, Address: "Waldweg 3, 35390 Gießen",
			Zipcode: "35390", Lat: ptr(50.5841 + float64(i)/1e4), Long: ptr(8.6784), MediaURL: "https://rathaus.example/m/1.jpg"}
	}
	for _, f := range []Format{XML, JSON} {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Marshal(f, page)
			}
		})
	}
}

func BenchmarkParseRequestQuery(b *testing.B) {
	v, _ := url.ParseQuery("service_code=017,010&status=open&bbox=8.6,50.5,8.7,50.6&page=2&page_size=50&updated_after=2026-03-01T00:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRequestQuery(v, now, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
