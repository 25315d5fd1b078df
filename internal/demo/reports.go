package demo

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
)

// Centre is the demo town's market square (a real place in Lower Saxony
// stands in for the fictional Musterstadt, so the map shows streets).
var Centre = geo.Point{Lat: 52.6367, Lon: 9.8451}

type demoCategory struct {
	code, group, groupEN, name, nameEN, dept string
	first, closure                           int
	notOurJob, notOurJobEN                   string
	attributes                               []reports.Attribute
}

// The categories follow real German Mängelmelder lists (Gießen's Open311
// services among them).
var categories = []demoCategory{
	{code: "muell-illegal", group: "Sauberkeit", groupEN: "Cleanliness", name: "Wilde Müllkippe, Sperrmüll", nameEN: "Illegal dumping, bulky waste", dept: "ordnungsamt", first: 2, closure: 10,
		attributes: []reports.Attribute{{Code: "art", Datatype: open311.DatatypeSingleValueList, Required: true, Order: 1,
			Description: reports.Text{DE: "Was liegt dort?", EN: "What is lying there?"},
			Values: []reports.AttributeValue{
				{Key: "hausmuell", Name: reports.Text{DE: "Hausmüll, Säcke", EN: "Household waste, bags"}},
				{Key: "sperrmuell", Name: reports.Text{DE: "Sperrmüll, Möbel", EN: "Bulky waste, furniture"}},
				{Key: "gefaehrlich", Name: reports.Text{DE: "Gefährliche Stoffe (Öl, Farbe, Batterien)", EN: "Hazardous (oil, paint, batteries)"}},
			}}}},
	{code: "schrottfahrzeug", group: "Sauberkeit", groupEN: "Cleanliness", name: "Schrottautos und -fahrräder", nameEN: "Abandoned cars and bicycles", dept: "ordnungsamt", first: 3, closure: 20},
	{code: "laterne", group: "Straßen und Wege", groupEN: "Streets and paths", name: "Laterne defekt", nameEN: "Street light broken", dept: "bauamt", first: 3, closure: 15},
	{code: "strassenschaden", group: "Straßen und Wege", groupEN: "Streets and paths", name: "Straßen- und Gehwegschäden", nameEN: "Damaged road or pavement", dept: "bauamt", first: 3, closure: 30},
	{code: "verkehrsschild", group: "Straßen und Wege", groupEN: "Streets and paths", name: "Verkehrsschild beschädigt", nameEN: "Damaged road sign", dept: "bauamt", first: 3, closure: 20},
	{code: "gruenflaeche", group: "Grün und Spielplätze", groupEN: "Parks and playgrounds", name: "Grünflächen und Bäume", nameEN: "Green spaces and trees", dept: "bauamt", first: 5, closure: 30},
	{code: "spielplatz", group: "Grün und Spielplätze", groupEN: "Parks and playgrounds", name: "Spielplatz beschädigt", nameEN: "Damaged playground", dept: "bauamt", first: 2, closure: 15},
	{code: "autobahn", group: "Nicht Sache der Stadt", groupEN: "Not the town's job", name: "Autobahn und Bundesstraße", nameEN: "Motorway and federal road",
		notOurJob:   "Für Autobahnen ist die Autobahn GmbH des Bundes zuständig: www.autobahn.de/kontakt",
		notOurJobEN: "Motorways are run by Die Autobahn GmbH des Bundes: www.autobahn.de/kontakt"},
}

type demoReport struct {
	category, description, address string
	north, east                    float64 // metres from the centre
	status                         reports.Status
	note                           string
}

var demoReports = []demoReport{
	{"muell-illegal", "Am Waldweg hinter dem Sportplatz liegen seit Tagen Müllsäcke und ein alter Kühlschrank.", "Waldweg, hinter dem Sportplatz", 420, -310, reports.StatusInProgress, "Der Bauhof holt den Müll am Donnerstag ab."},
	{"laterne", "Die Laterne vor Hausnummer 12 bleibt nachts dunkel.", "Lindenstraße 12", -150, 90, reports.StatusNew, ""},
	{"strassenschaden", "Tiefes Schlagloch auf dem Radweg, gefährlich bei Dunkelheit.", "Bahnhofstraße, Höhe Bäckerei", 60, 240, reports.StatusDone, "Das Schlagloch wurde ausgebessert. Danke für den Hinweis!"},
	{"spielplatz", "Die Schaukelkette ist gerissen.", "Spielplatz Am Mühlenteich", -380, -120, reports.StatusPlanned, "Ersatzteile sind bestellt."},
}

// seedReports adds the Mängelmelder's categories and a few reports.
func seedReports(ctx context.Context, a *app.App, depts map[string]int64) error {
	for i, c := range categories {
		cat := reports.Category{
			Code: c.code, Group: reports.Text{DE: c.group, EN: c.groupEN}, Name: reports.Text{DE: c.name, EN: c.nameEN},
			DepartmentID: depts[c.dept], FirstReactionDays: c.first, ClosureDays: c.closure,
			NotOurJob: reports.Text{DE: c.notOurJob, EN: c.notOurJobEN}, NotifyDepartment: c.dept != "",
			Active: true, SortOrder: i, Attributes: c.attributes,
		}
		if _, err := a.Reports.SaveCategory(ctx, cat, reports.SystemActor); err != nil {
			return fmt.Errorf("category %s: %w", c.code, err)
		}
	}
	for _, d := range demoReports {
		p := geo.Destination(geo.Destination(Centre, 0, d.north), 90, d.east)
		n := reports.NewReport{CategoryCode: d.category, Location: &p, Address: d.address, Description: d.description,
			Lang: "de", Source: reports.SourceWeb}
		if d.category == "muell-illegal" {
			n.Answers = open311.Answers{"art": {"sperrmuell"}}
		}
		r, _, err := a.Reports.Create(ctx, n)
		if err != nil {
			return fmt.Errorf("report %q: %w", d.description, err)
		}
		if d.status != reports.StatusNew {
			if err := a.Reports.SetStatus(ctx, r.ID, reports.StatusChange{Status: d.status, PublicNote: d.note}, reports.SystemActor); err != nil {
				return fmt.Errorf("report %s status: %w", r.Ref, err)
			}
		}
	}
	return nil
}
