package reports_test

import (
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestCategoriesAreValidatedGroupedAndAudited(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		valid := func() reports.Category {
			return reports.Category{Code: "laterne", Name: reports.Text{DE: "Straßenlaterne defekt"}, Group: reports.Text{DE: "Straße"},
				DepartmentID: env.roads, ClosureDays: 10, Active: true, SortOrder: 4}
		}
		list := reports.Attribute{Code: "farbe", Datatype: open311.DatatypeSingleValueList, Description: reports.Text{DE: "Farbe?"}}
		cases := []struct {
			name  string
			edit  func(c *reports.Category)
			field string
			key   string
		}{
			{"code with capitals", func(c *reports.Category) { c.Code = "La Terne" }, "code", "reports.category.code.invalid"},
			{"code taken", func(c *reports.Category) { c.Code = "schlagloch" }, "code", "reports.category.code.taken"},
			{"no German name", func(c *reports.Category) { c.Name = reports.Text{EN: "Lamp"} }, "name_de", "field.required"},
			{"name too long", func(c *reports.Category) { c.Name.DE = strings.Repeat("x", 201) }, "name_de", "field.too_long"},
			{"no department", func(c *reports.Category) { c.DepartmentID = 0 }, "department", "reports.category.department.required"},
			{"unknown department", func(c *reports.Category) { c.DepartmentID = 9999 }, "department", "reports.department.unknown"},
			{"negative days", func(c *reports.Category) { c.FirstReactionDays = -1 }, "first_reaction_days", "reports.category.days.invalid"},
			{"too many days", func(c *reports.Category) { c.ClosureDays = 366 }, "closure_days", "reports.category.days.invalid"},
			{"list without values", func(c *reports.Category) { c.Attributes = []reports.Attribute{list} }, "attributes", "reports.category.attribute.invalid"},
			{"bad datatype", func(c *reports.Category) {
				c.Attributes = []reports.Attribute{{Code: "x", Datatype: "colour", Description: reports.Text{DE: "?"}}}
			}, "attributes", "reports.category.attribute.invalid"},
			{"attribute code twice", func(c *reports.Category) {
				a := reports.Attribute{Code: "x", Datatype: open311.DatatypeString, Description: reports.Text{DE: "?"}}
				c.Attributes = []reports.Attribute{a, a}
			}, "attributes", "reports.category.attribute.duplicate"},
			{"English hint without German", func(c *reports.Category) { c.NotOurJob.EN = "Ask the state" }, "not_our_job_de", "field.required"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				cat := valid()
				c.edit(&cat)
				_, err := env.svc.SaveCategory(env.ctx, cat, env.admin)
				if got := fieldKeys(t, err)[c.field]; got != c.key {
					t.Errorf("field %s: %q, want %q", c.field, got, c.key)
				}
			})
		}
		if _, err := env.svc.SaveCategory(env.ctx, valid(), env.staffR); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("staff saved a category: %v", err)
		}
		lamp, err := env.svc.SaveCategory(env.ctx, valid(), env.admin)
		if err != nil {
			t.Fatal(err)
		}
		if lamp.DepartmentName != "Tiefbauamt" || lamp.Open311Service("de").Metadata {
			t.Errorf("saved %+v", lamp)
		}
		groups, err := env.svc.CategoryGroups(env.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range groups {
			var codes []string
			for _, c := range g.Categories {
				codes = append(codes, c.Code)
			}
			names = append(names, g.Name.DE+": "+strings.Join(codes, ","))
		}
		if got := strings.Join(names, " | "); got != "Straße: schlagloch,autobahn,laterne | Sauberkeit: muell" {
			t.Errorf("groups %s", got)
		}
		def := env.pothole.Open311Definition("en")
		if len(def.Attributes) != 1 || !def.Attributes[0].Required || !def.Attributes[0].Variable || def.Attributes[0].Values[1].Name != "groß" {
			t.Errorf("Open311 definition %+v", def)
		}
		if s := env.pothole.Open311Service("en"); s.ServiceName != "Pothole" || s.Group != "Street" || !s.Metadata || s.Type != open311.Realtime {
			t.Errorf("Open311 service %+v", s)
		}

		lamp.Active = false
		if _, err := env.svc.SaveCategory(env.ctx, lamp, env.admin); err != nil {
			t.Fatal(err)
		}
		if all, _ := env.svc.Categories(env.ctx, true); len(all) != 4 {
			t.Errorf("all categories: %d", len(all))
		}
		if active, _ := env.svc.Categories(env.ctx, false); len(active) != 3 {
			t.Errorf("active categories: %d", len(active))
		}
		env.create(t, validPothole())
		wantCode(t, env.svc.DeleteCategory(env.ctx, env.pothole.ID, env.admin), errs.Conflict, "reports.category.in_use")
		if err := env.svc.DeleteCategory(env.ctx, lamp.ID, env.admin); err != nil {
			t.Fatal(err)
		}
		if _, err := env.svc.Category(env.ctx, "laterne"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("deleted category: %v", err)
		}
		var actions []string
		rows, _ := env.db.Query(env.ctx, "SELECT action FROM audit_log WHERE object_type = 'report_category' ORDER BY id")
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		if got := strings.Join(actions, ","); got != "report_category.create,report_category.create,report_category.create,report_category.create,report_category.update,report_category.delete" {
			t.Errorf("audited %s", got)
		}
	})
}
