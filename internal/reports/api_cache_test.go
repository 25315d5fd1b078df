package reports_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// The list is cached for a moment; a client that posts and then lists must
// still see its report.
func TestAPIListShowsAPostAtOnce(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newAPITown(t, e)
		before := town.apiIDs(t, "service_code=laterne")
		if again := town.apiIDs(t, "service_code=laterne"); !slices.Equal(before, again) {
			t.Fatalf("the same list twice: %v, then %v", before, again)
		}
		resp := town.apiForm(t, reports.APIPrefix+"/requests.json", url.Values{"api_key": {town.key},
			"service_code": {"laterne"}, "address_string": {"Am Markt 2"}})
		var rc open311.Receipts
		if err := open311.Unmarshal(open311.JSON, resp.body, &rc); err != nil || len(rc) != 1 {
			t.Fatalf("%d %s", resp.status, resp.body)
		}
		after := town.apiIDs(t, "service_code=laterne")
		if len(after) != len(before)+1 || after[0] != rc[0].ServiceRequestID {
			t.Errorf("after posting %s the list is %v (before %v)", rc[0].ServiceRequestID, after, before)
		}
	})
}
