package formdef

import (
	"fmt"
	"net/url"
	"reflect"
	"testing"
)

func TestSummaryMarksGroupsItemsAndComputedValues(t *testing.T) {
	f := formWith(t, groupForm)
	for _, tc := range []struct {
		name  string
		input url.Values
		lang  string
		want  []string // label|value|item|question|repeats|computed
	}{
		{"no_items_say_so", in("owner", "Anna"), "de", []string{
			"Halter|Anna|||false|false",
			"Hunde|keine Einträge|||true|false",
			"Summe|0,00 €|||false|true",
		}},
		{"no_items_english", in("owner", "Anna"), "en", []string{
			"Halter|Anna|||false|false",
			"Dogs|no entries|||true|false",
			"Total|€0.00|||false|true",
		}},
		{"one_item_under_its_heading", in("owner", "Anna", "dogs.0.name", "Bello"), "de", []string{
			"Halter|Anna|||false|false",
			"Hunde|1 Eintrag|||true|false",
			"Hund 1: Name|Bello|Hund 1|Name|false|false",
			"Hund 1: Gefährlich|nicht angegeben|Hund 1|Gefährlich|false|false",
			"Hund 1: Steuer|96,00 €|Hund 1|Steuer|false|true",
			"Summe|96,00 €|||false|true",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, l := range f.Summary(post(f, tc.input), tc.lang) {
				q := l.Question()
				if l.Item == "" {
					q = ""
				}
				got = append(got, fmt.Sprintf("%s|%s|%s|%s|%v|%v", l.Label, l.Value, l.Item, q, l.Repeats, l.Computed))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
