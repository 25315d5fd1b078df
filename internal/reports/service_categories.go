package reports

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

var codePattern = regexp.MustCompile(`^[a-z0-9]+([-_][a-z0-9]+)*$`)

const (
	maxCategoryName = 200
	maxCategoryText = 2000
	maxDays         = 365
	maxKeywords     = 30
	maxAttributes   = 30
)

// Categories lists categories by sort order, group and name; inactive ones
// only when all is true.
func (s *Service) Categories(ctx context.Context, all bool) ([]Category, error) {
	return listCategories(ctx, db.From(ctx), all)
}

// CategoryGroups returns the active categories grouped under their
// headings, groups in the order of their first category, "not our job"
// categories included.
func (s *Service) CategoryGroups(ctx context.Context) ([]CategoryGroup, error) {
	cats, err := listCategories(ctx, db.From(ctx), false)
	if err != nil {
		return nil, err
	}
	var groups []CategoryGroup
	index := map[string]int{}
	for _, c := range cats {
		i, ok := index[c.Group.DE]
		if !ok {
			i = len(groups)
			index[c.Group.DE] = i
			groups = append(groups, CategoryGroup{Name: c.Group})
		}
		groups[i].Categories = append(groups[i].Categories, c)
	}
	return groups, nil
}

// Category returns the category with code (errs.NotFound if unknown).
func (s *Service) Category(ctx context.Context, code string) (Category, error) {
	return loadCategory(ctx, db.From(ctx), "c.code", code)
}

// CategoryByID returns the category with id (errs.NotFound if unknown).
func (s *Service) CategoryByID(ctx context.Context, id int64) (Category, error) {
	return loadCategory(ctx, db.From(ctx), "c.id", id)
}

// SaveCategory creates (ID 0) or updates a category; only admins may. Field
// names of errors: code, group_de, group_en, name_de, name_en,
// description_de, description_en, department, first_reaction_days,
// closure_days, keywords, not_our_job_de, not_our_job_en, attributes.
func (s *Service) SaveCategory(ctx context.Context, c Category, actor Actor) (Category, error) {
	if !actor.isAdmin() {
		return c, errForbidden
	}
	c = normalizeCategory(c)
	d := db.From(ctx)
	if err := c.validate(); err != nil {
		return c, err
	}
	now := s.now()
	c.UpdatedAt = now
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if c.DepartmentID != 0 {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM departments WHERE id = ?", c.DepartmentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				var f errs.Fields
				f.Add("department", "reports.department.unknown")
				return f.Err()
			}
		}
		action := "report_category.update"
		if c.ID == 0 {
			action = "report_category.create"
			c.CreatedAt = now
			if err := insertCategory(ctx, tx, &c); err != nil {
				return err
			}
		} else {
			ok, err := updateCategory(ctx, tx, c)
			if err != nil {
				return err
			}
			if !ok {
				return notFound()
			}
		}
		return s.audit(ctx, tx, actor, action, "report_category", c.ID, "code="+c.Code)
	})
	if db.IsUniqueViolation(err) {
		var f errs.Fields
		f.Add("code", "reports.category.code.taken")
		return c, f.Err()
	}
	if err != nil {
		return c, fmt.Errorf("save category: %w", err)
	}
	return loadCategory(ctx, d, "c.id", c.ID)
}

// DeleteCategory removes a category without reports; one with reports is
// errs.Conflict ("reports.category.in_use"): deactivate it instead.
func (s *Service) DeleteCategory(ctx context.Context, id int64, actor Actor) error {
	if !actor.isAdmin() {
		return errForbidden
	}
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM reports WHERE category_id = ?", id).Scan(&n); err != nil {
			return fmt.Errorf("delete category: %w", err)
		}
		if n > 0 {
			return errs.E(errs.Conflict, "reports.category.in_use")
		}
		c, err := loadCategory(ctx, tx, "c.id", id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM report_categories WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete category: %w", err)
		}
		return s.audit(ctx, tx, actor, "report_category.delete", "report_category", id, "code="+c.Code)
	})
}

func normalizeText(t Text, multiline bool) Text {
	return Text{DE: web.CleanText(t.DE, multiline), EN: web.CleanText(t.EN, multiline)}
}

func normalizeCategory(c Category) Category {
	c.Code = strings.ToLower(strings.TrimSpace(c.Code))
	c.Group = normalizeText(c.Group, false)
	c.Name = normalizeText(c.Name, false)
	c.Description = normalizeText(c.Description, true)
	c.NotOurJob = normalizeText(c.NotOurJob, true)
	var kw []string
	for _, k := range c.Keywords {
		k = strings.ReplaceAll(web.CleanText(k, false), ",", " ")
		if k = strings.TrimSpace(k); k != "" && !slices.Contains(kw, k) {
			kw = append(kw, k)
		}
	}
	c.Keywords = kw
	attrs := make([]Attribute, 0, len(c.Attributes))
	for _, a := range c.Attributes {
		a.Code = strings.TrimSpace(a.Code)
		a.Description = normalizeText(a.Description, true)
		vals := make([]AttributeValue, 0, len(a.Values))
		for _, v := range a.Values {
			v.Key = strings.TrimSpace(v.Key)
			v.Name = normalizeText(v.Name, false)
			vals = append(vals, v)
		}
		a.Values = vals
		attrs = append(attrs, a)
	}
	c.Attributes = attrs
	return c
}

func (c Category) validate() error {
	var f errs.Fields
	if !codePattern.MatchString(c.Code) || len(c.Code) > 60 {
		f.Add("code", "reports.category.code.invalid")
	}
	required := func(field, v string, max int) {
		if v == "" {
			f.Add(field, "field.required")
		} else if tooLong(v, max) {
			f.Add(field, "field.too_long", max)
		}
	}
	optional := func(field, v string, max int) {
		if tooLong(v, max) {
			f.Add(field, "field.too_long", max)
		}
	}
	required("name_de", c.Name.DE, maxCategoryName)
	optional("name_en", c.Name.EN, maxCategoryName)
	optional("group_de", c.Group.DE, maxCategoryName)
	optional("group_en", c.Group.EN, maxCategoryName)
	optional("description_de", c.Description.DE, maxCategoryText)
	optional("description_en", c.Description.EN, maxCategoryText)
	optional("not_our_job_de", c.NotOurJob.DE, maxCategoryText)
	optional("not_our_job_en", c.NotOurJob.EN, maxCategoryText)
	if c.NotOurJob.DE == "" && c.NotOurJob.EN != "" {
		f.Add("not_our_job_de", "field.required")
	}
	if c.DepartmentID == 0 && !c.IsNotOurJob() {
		f.Add("department", "reports.category.department.required")
	}
	if c.FirstReactionDays < 0 || c.FirstReactionDays > maxDays {
		f.Add("first_reaction_days", "reports.category.days.invalid")
	}
	if c.ClosureDays < 0 || c.ClosureDays > maxDays {
		f.Add("closure_days", "reports.category.days.invalid")
	}
	if len(c.Keywords) > maxKeywords || tooLong(strings.Join(c.Keywords, ","), maxCategoryText) {
		f.Add("keywords", "field.too_long", maxCategoryText)
	}
	if len(c.Attributes) > maxAttributes {
		f.Add("attributes", "reports.category.attribute.invalid", maxAttributes+1)
	}
	seen := map[string]bool{}
	for i, a := range c.Attributes {
		if !a.valid() {
			f.Add("attributes", "reports.category.attribute.invalid", i+1)
			continue
		}
		if seen[a.Code] {
			f.Add("attributes", "reports.category.attribute.duplicate", a.Code)
		}
		seen[a.Code] = true
	}
	return f.Err()
}

var attrCodePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,60}$`)

func (a Attribute) valid() bool {
	if !attrCodePattern.MatchString(a.Code) || !a.Datatype.Valid() || a.Description.DE == "" ||
		tooLong(a.Description.DE, maxCategoryText) || tooLong(a.Description.EN, maxCategoryText) {
		return false
	}
	if a.Datatype.IsList() && !a.Info {
		if len(a.Values) == 0 {
			return false
		}
	}
	keys := map[string]bool{}
	for _, v := range a.Values {
		if v.Key == "" || tooLong(v.Key, 100) || v.Name.DE == "" || tooLong(v.Name.DE, maxCategoryName) || keys[v.Key] {
			return false
		}
		keys[v.Key] = true
	}
	return true
}
