package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

const maxMediaURL = 2000

// Create files a new report: the category must be active and the town's
// job, the place in the town's area, required attributes answered, texts
// within their limits, at most MaxPhotos photos. It returns the report and
// the raw manage token (only its hash is stored; it goes into the
// confirmation mail and may be shown once on the confirmation page). The
// department is mailed when the category says so. Validation errors are
// errs.Invalid with the Field* names (attributes as "attribute[CODE]"); an
// unknown, inactive or "not our job" category is a field error on
// FieldCategory. Nothing is stored when it fails.
func (s *Service) Create(ctx context.Context, n NewReport) (Report, string, error) {
	n = normalizeNew(n, s.lang(n.Lang))
	d := db.From(ctx)
	f := s.checkNew(ctx, n)
	cat, err := loadCategory(ctx, d, "c.code", n.CategoryCode)
	switch {
	case errs.CodeOf(err) == errs.NotFound || (err == nil && !cat.Active):
		f.Add(FieldCategory, "reports.category.unknown")
	case err != nil:
		return Report{}, "", err
	case cat.IsNotOurJob():
		f.Add(FieldCategory, "reports.category.not_our_job", cat.NotOurJob.In(n.Lang))
	default:
		n.Answers = checkAnswers(&f, cat.Open311Definition(n.Lang), n.Answers)
	}
	if err := f.Err(); err != nil {
		return Report{}, "", err
	}
	photos, err := s.storePhotos(ctx, n.Photos)
	if err != nil {
		return Report{}, "", err
	}
	for _, u := range n.MediaURLs {
		photos = append(photos, Photo{URL: u})
	}
	answers, err := json.Marshal(n.Answers)
	if err != nil {
		return Report{}, "", err
	}
	token := auth.NewToken()
	now := s.now()
	first, closure := s.deadlines(ctx, cat, now)
	var r Report
	insert := func(tx *db.Tx) error {
		ref, err := uniqueRef(ctx, tx)
		if err != nil {
			return err
		}
		var lat, lon any
		if n.Location != nil {
			lat, lon = n.Location.Lat, n.Location.Lon
		}
		source := SourceWeb
		if n.Source == SourceAPI {
			source = SourceAPI
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO reports (ref, category_id, department_id, status, lat, lon, address, description,
			answers, reporter_name, reporter_email, lang, manage_token_hash, first_reaction_due, closure_due,
			created_at, updated_at, published, source, api_client_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?) RETURNING id`,
			ref, cat.ID, nullInt(cat.DepartmentID), string(StatusNew), lat, lon, n.Address, n.Description,
			string(answers), n.Name, n.Email, n.Lang, auth.HashToken(token), nullTime(first), nullTime(closure),
			now, now, source, nullInt(n.APIClientID)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		if err := s.keepBlobs(ctx, tx, n.Photos, now); err != nil {
			return err
		}
		for _, p := range photos {
			if _, err := insertPhoto(ctx, tx, id, p, now); err != nil {
				return err
			}
		}
		by := ByReporter
		if source == SourceAPI {
			by = ByAPI
		}
		if err := insertEvent(ctx, tx, Event{ReportID: id, Kind: EventCreated, At: now, By: by, Public: true, ToStatus: StatusNew}); err != nil {
			return err
		}
		if r, err = loadReport(ctx, tx, "r.id", id); err != nil {
			return err
		}
		if err := s.mailCreated(ctx, tx, r, token); err != nil {
			return err
		}
		if cat.NotifyDepartment && cat.DepartmentID != 0 {
			var to string
			if err := tx.QueryRow(ctx, "SELECT email FROM departments WHERE id = ?", cat.DepartmentID).Scan(&to); err != nil {
				return fmt.Errorf("department mail: %w", err)
			}
			if to != "" {
				if err := s.mailDepartment(ctx, tx, r, to); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Two instances may draw the same free reference at once on PostgreSQL;
	// the loser tries again with a new one.
	for attempt := 0; ; attempt++ {
		err = d.InTx(ctx, insert)
		if err == nil || !db.IsUniqueViolation(err) || attempt == 2 {
			break
		}
	}
	if err != nil {
		return Report{}, "", fmt.Errorf("create report: %w", err)
	}
	return r, token, nil
}

func normalizeNew(n NewReport, lang string) NewReport {
	n.CategoryCode = strings.TrimSpace(n.CategoryCode)
	n.Address = web.CleanText(n.Address, false)
	n.Description = web.CleanText(n.Description, true)
	n.Name = web.CleanText(n.Name, false)
	n.Email = auth.NormalizeEmail(n.Email)
	n.Lang = lang
	answers := open311.Answers{}
	for k, vs := range n.Answers {
		for _, v := range vs {
			if v = web.CleanText(v, true); v != "" {
				answers[k] = append(answers[k], v)
			}
		}
	}
	n.Answers = answers
	var urls []string
	for _, u := range n.MediaURLs {
		if u = strings.TrimSpace(u); u != "" {
			urls = append(urls, u)
		}
	}
	n.MediaURLs = urls
	return n
}

// checkNew checks what needs no database.
func (s *Service) checkNew(ctx context.Context, n NewReport) errs.Fields {
	var f errs.Fields
	if n.Description == "" && n.Source != SourceAPI {
		f.Add(FieldDescription, "field.required")
	} else if tooLong(n.Description, MaxDescription) {
		f.Add(FieldDescription, "field.too_long", MaxDescription)
	}
	if tooLong(n.Address, MaxAddress) {
		f.Add(FieldAddress, "field.too_long", MaxAddress)
	}
	if n.Location == nil && n.Address == "" {
		f.Add(FieldLocation, "reports.location.missing")
	} else if n.Location != nil && !s.inArea(ctx, *n.Location) {
		f.Add(FieldLocation, "reports.location.outside")
	}
	if len(n.Photos)+len(n.MediaURLs) > MaxPhotos {
		f.Add(FieldPhotos, "reports.photos.too_many", MaxPhotos)
	}
	for _, p := range n.Photos {
		if p == nil || len(p.JPEG) == 0 || len(p.Thumb) == 0 {
			f.Add(FieldPhotos, "reports.photos.invalid")
			break
		}
	}
	for _, u := range n.MediaURLs {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" || len(u) > maxMediaURL {
			f.Add(FieldPhotos, "reports.photos.url")
			break
		}
	}
	if tooLong(n.Name, MaxName) {
		f.Add(FieldName, "field.too_long", MaxName)
	}
	if n.Email != "" && !auth.ValidEmail(n.Email) {
		f.Add(FieldEmail, "field.email.invalid")
	}
	return f
}

// checkAnswers validates the answers against the category's questions and
// returns those kept; problems become field errors named as in Open311.
func checkAnswers(f *errs.Fields, def open311.ServiceDefinition, answers open311.Answers) open311.Answers {
	kept, err := open311.ValidateAttributes(def, answers)
	var list open311.Errors
	if !errors.As(err, &list) {
		return kept
	}
	for _, e := range list {
		field := ""
		if len(e.Args) > 0 {
			field, _ = e.Args[0].(string)
		}
		key := "field.choice.invalid"
		var args []any
		switch e.Key {
		case "open311.error.required":
			key = "field.required"
		case "open311.error.attribute_number":
			key = "reports.attribute.number"
		case "open311.error.attribute_datetime":
			key = "reports.attribute.datetime"
		case "open311.error.line":
			key = "reports.attribute.line"
		case "open311.error.too_long":
			key = "field.too_long"
			args = e.Args[1:]
		}
		f.Add(field, key, args...)
	}
	return kept
}

// inArea reports whether p is valid and inside the town's area.
func (s *Service) inArea(ctx context.Context, p geo.Point) bool {
	if !p.Valid() {
		return false
	}
	if s.deps.Area == nil {
		return true
	}
	a := s.deps.Area(ctx)
	return a == nil || a.Contains(p)
}

// uniqueRef draws references until one is free. With a billion values a
// second draw is rare even with millions of reports.
func uniqueRef(ctx context.Context, q db.Querier) (string, error) {
	for range 10 {
		ref := newRef()
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM reports WHERE ref = ?", ref).Scan(&n); err != nil {
			return "", fmt.Errorf("check reference: %w", err)
		}
		if n == 0 {
			return ref, nil
		}
	}
	return "", errors.New("no free report reference after 10 draws")
}

func insertPhoto(ctx context.Context, q db.Querier, reportID int64, p Photo, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO report_photos (report_id, blob_key, thumb_key, url, width, height, released, by_staff, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		reportID, p.Key, p.ThumbKey, p.URL, p.Width, p.Height, p.Released, p.ByStaff, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert photo: %w", err)
	}
	return id, nil
}
