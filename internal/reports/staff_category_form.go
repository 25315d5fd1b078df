package reports

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/open311"
)

// The category form edits the extra questions (Open311 attributes) as rows
// of fields named "attr-N-…" without JavaScript: the page shows the
// questions plus empty rows, and "add another question" posts the form back
// with one more row. Rows left empty, or marked for removal, are dropped.

// staffAttrFields are the fields of one question row.
var staffAttrFields = []string{"code", "datatype", "required", "info", "public", "description_de", "description_en", "order", "values", "remove"}

// staffEmptyRows is how many empty question rows a form offers.
const staffEmptyRows = 1

func staffAttrName(i int, field string) string { return fmt.Sprintf("attr-%d-%s", i, field) }

// staffCategoryValues fills a form with a stored category.
func staffCategoryValues(c Category) url.Values {
	v := url.Values{}
	v.Set("code", c.Code)
	v.Set("group_de", c.Group.DE)
	v.Set("group_en", c.Group.EN)
	v.Set("name_de", c.Name.DE)
	v.Set("name_en", c.Name.EN)
	v.Set("description_de", c.Description.DE)
	v.Set("description_en", c.Description.EN)
	if c.DepartmentID != 0 {
		v.Set("department", strconv.FormatInt(c.DepartmentID, 10))
	}
	v.Set("first_reaction_days", strconv.Itoa(c.FirstReactionDays))
	v.Set("closure_days", strconv.Itoa(c.ClosureDays))
	v.Set("not_our_job_de", c.NotOurJob.DE)
	v.Set("not_our_job_en", c.NotOurJob.EN)
	if c.NotifyDepartment {
		v.Set("notify_department", "on")
	}
	if c.Active {
		v.Set("active", "on")
	}
	v.Set("sort_order", strconv.Itoa(c.SortOrder))
	v.Set("keywords", strings.Join(c.Keywords, ", "))
	for i, a := range c.sortedAttributes() {
		v.Set(staffAttrName(i, "code"), a.Code)
		v.Set(staffAttrName(i, "datatype"), string(a.Datatype))
		if a.Required {
			v.Set(staffAttrName(i, "required"), "on")
		}
		if a.Info {
			v.Set(staffAttrName(i, "info"), "on")
		}
		if a.Public {
			v.Set(staffAttrName(i, "public"), "on")
		}
		v.Set(staffAttrName(i, "description_de"), a.Description.DE)
		v.Set(staffAttrName(i, "description_en"), a.Description.EN)
		v.Set(staffAttrName(i, "order"), strconv.Itoa(a.Order))
		v.Set(staffAttrName(i, "values"), staffFormatValues(a.Values))
	}
	v.Set("attr_rows", strconv.Itoa(len(c.Attributes)+staffEmptyRows))
	return v
}

// staffFormatValues writes list answers one per line: "key | Deutsch |
// English".
func staffFormatValues(vals []AttributeValue) string {
	var lines []string
	for _, v := range vals {
		line := v.Key + " | " + v.Name.DE
		if v.Name.EN != "" {
			line += " | " + v.Name.EN
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// staffParseValues reads the lines of staffFormatValues. A line with only
// a key uses it as the German name too.
func staffParseValues(s string) []AttributeValue {
	var out []AttributeValue
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		v := AttributeValue{Key: parts[0], Name: Text{DE: parts[0]}}
		if len(parts) > 1 && parts[1] != "" {
			v.Name.DE = parts[1]
		}
		if len(parts) > 2 {
			v.Name.EN = parts[2]
		}
		out = append(out, v)
	}
	return out
}

// staffCategoryForm reads a posted category form. It returns the category,
// the form's values with the question rows compacted (empty and removed
// rows dropped, so the Service's "question N" is row N), and field errors
// for numbers that are not numbers.
func staffCategoryForm(posted url.Values) (Category, url.Values, error) {
	get := func(k string) string { return strings.TrimSpace(posted.Get(k)) }
	var f errs.Fields
	number := func(field, key string) int {
		s := get(field)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Add(field, key)
		}
		return n
	}
	c := Category{
		Code:              get("code"),
		Group:             Text{DE: get("group_de"), EN: get("group_en")},
		Name:              Text{DE: get("name_de"), EN: get("name_en")},
		Description:       Text{DE: posted.Get("description_de"), EN: posted.Get("description_en")},
		FirstReactionDays: number("first_reaction_days", "reports.category.days.invalid"),
		ClosureDays:       number("closure_days", "reports.category.days.invalid"),
		NotOurJob:         Text{DE: posted.Get("not_our_job_de"), EN: posted.Get("not_our_job_en")},
		NotifyDepartment:  posted.Get("notify_department") == "on",
		Active:            posted.Get("active") == "on",
		SortOrder:         number("sort_order", "reports.staff.number.invalid"),
	}
	if d := get("department"); d != "" {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil || id <= 0 {
			f.Add("department", "reports.department.unknown")
		}
		c.DepartmentID = id
	}
	for _, k := range strings.Split(posted.Get("keywords"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			c.Keywords = append(c.Keywords, k)
		}
	}

	out := url.Values{}
	for k, vs := range posted {
		if !strings.HasPrefix(k, "attr-") {
			out[k] = vs
		}
	}
	rows, _ := strconv.Atoi(posted.Get("attr_rows"))
	rows = max(0, min(rows, maxAttributes+staffEmptyRows+1))
	kept := 0
	for i := range rows {
		val := func(field string) string { return posted.Get(staffAttrName(i, field)) }
		if val("remove") == "on" || (strings.TrimSpace(val("code")) == "" && strings.TrimSpace(val("description_de")) == "" &&
			strings.TrimSpace(val("description_en")) == "" && strings.TrimSpace(val("values")) == "") {
			continue
		}
		for _, field := range staffAttrFields {
			if field != "remove" && val(field) != "" {
				out.Set(staffAttrName(kept, field), val(field))
			}
		}
		a := Attribute{
			Code:        strings.TrimSpace(val("code")),
			Datatype:    open311.Datatype(val("datatype")),
			Required:    val("required") == "on",
			Info:        val("info") == "on",
			Public:      val("public") == "on",
			Description: Text{DE: val("description_de"), EN: val("description_en")},
			Order:       kept + 1,
			Values:      staffParseValues(val("values")),
		}
		if o := strings.TrimSpace(val("order")); o != "" {
			n, err := strconv.Atoi(o)
			if err != nil {
				f.Add(staffAttrName(kept, "order"), "reports.staff.number.invalid")
			}
			a.Order = n
		}
		c.Attributes = append(c.Attributes, a)
		kept++
	}
	out.Set("attr_rows", strconv.Itoa(kept+staffEmptyRows))
	return c, out, f.Err()
}
