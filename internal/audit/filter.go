package audit

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// filterFields are the inputs of the filter form.
var filterFields = []string{"actor", "action", "object_type", "object_id", "from", "to"}

// townZone is where the town is: dates typed into the filter and times shown
// are its local time, while the log stores UTC.
var townZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// parseFilter reads the filter form. Problems with a field are an Invalid
// error naming it; a malformed paging parameter is a BadRequest.
func (m *Module) parseFilter(ctx context.Context, v url.Values) (Filter, error) {
	var f Filter
	var fe errs.Fields
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }

	if a := get("actor"); a != "" {
		if id, err := strconv.ParseInt(strings.TrimPrefix(a, "#"), 10, 64); err == nil {
			if id <= 0 {
				fe.Add("actor", "audit.filter.actor_invalid")
			} else {
				f.ActorID = id
			}
		} else if !auth.ValidEmail(auth.NormalizeEmail(a)) {
			fe.Add("actor", "audit.filter.actor_invalid")
		} else if u, err := m.Users.UserByEmail(ctx, a); err == nil {
			f.ActorID = u.ID
		} else if errs.CodeOf(err) == errs.NotFound {
			fe.Add("actor", "audit.filter.actor_unknown")
		} else {
			return f, err
		}
	}
	for _, n := range []struct {
		field string
		max   int
		dst   *string
	}{{"action", MaxAction, &f.Action}, {"object_type", MaxObjectType, &f.ObjectType}} {
		s := get(n.field)
		switch {
		case len(s) > n.max:
			fe.Add(n.field, "field.too_long", n.max)
		case !isName(s):
			fe.Add(n.field, "audit.filter.name_invalid")
		default:
			*n.dst = s
		}
	}
	f.ObjectID = get("object_id")
	if len([]rune(f.ObjectID)) > MaxObjectID {
		fe.Add("object_id", "field.too_long", MaxObjectID)
	}
	from, okFrom := parseDay(get("from"))
	if !okFrom {
		fe.Add("from", "audit.filter.date_invalid")
	}
	to, okTo := parseDay(get("to"))
	if !okTo {
		fe.Add("to", "audit.filter.date_invalid")
	}
	if okFrom && okTo && !from.IsZero() && !to.IsZero() && to.Before(from) {
		fe.Add("to", "audit.filter.range_invalid")
	}
	f.Since = from
	if !to.IsZero() {
		// The "to" day is included: the range ends at the next midnight.
		f.Until = to.AddDate(0, 0, 1)
	}
	if b := v.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return f, errs.E(errs.BadRequest, "error.bad_request")
		}
		f.BeforeID = id
	}
	return f, fe.Err()
}

// parseDay reads a date as the browser's date input sends it, as midnight of
// that day in the town. An empty value is the zero time and valid.
func parseDay(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation("2006-01-02", s, townZone)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}
