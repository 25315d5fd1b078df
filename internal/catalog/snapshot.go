package catalog

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Snapshot is the published catalog of one town at one version, with its
// search index. Public pages and the API read it instead of the database:
// a catalog has hundreds of entries, so it fits in memory, and it is
// rebuilt when the catalog's version moves. A Snapshot is never changed.
type Snapshot struct {
	Version int64
	// Services are the published services by German name; the search
	// index refers to them by position.
	Services []*Service
	Topics   []Topic
	Life     []LifeSituation

	// english are the services by English name.
	english     []*Service
	bySlug      map[string]*Service
	counts      map[taxonomy]map[int64]int
	memo        sync.Map // key → *memoEntry, see Memo
	topicBySlug map[string]Topic
	lifeBySlug  map[string]LifeSituation
	de, en      *index
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Memo returns what build makes from this snapshot, building it once per
// key: views derived from the published catalog (such as the API's encoded
// services) live exactly as long as the snapshot they come from.
func (s *Snapshot) Memo(key any, build func() any) any {
	e, _ := s.memo.LoadOrStore(key, &memoEntry{})
	m := e.(*memoEntry)
	m.once.Do(func() { m.v = build() })
	return m.v
}

// Service returns the published service slug.
func (s *Snapshot) Service(slug string) (*Service, bool) {
	v, ok := s.bySlug[slug]
	return v, ok
}

// Topic returns the topic slug.
func (s *Snapshot) Topic(slug string) (Topic, bool) {
	t, ok := s.topicBySlug[slug]
	return t, ok
}

// LifeSituation returns the life situation slug.
func (s *Snapshot) LifeSituation(slug string) (LifeSituation, bool) {
	t, ok := s.lifeBySlug[slug]
	return t, ok
}

// InTopic returns the published services of topic id by name in lang.
func (s *Snapshot) InTopic(id int64, lang string) []*Service {
	return s.ByName(lang, func(v *Service) bool { return v.InTopic(id) })
}

// InLife returns the published services of life situation id by name in
// lang.
func (s *Snapshot) InLife(id int64, lang string) []*Service {
	return s.ByName(lang, func(v *Service) bool { return v.InLife(id) })
}

// CountTopic returns how many published services topic id has.
func (s *Snapshot) CountTopic(id int64) int { return s.counts[topics][id] }

// CountLife returns how many published services life situation id has.
func (s *Snapshot) CountLife(id int64) int { return s.counts[lifeSituations][id] }

// TopicsInUse returns the topics that have published services.
func (s *Snapshot) TopicsInUse() []Topic { return s.inUse(topics, s.Topics) }

// LifeInUse returns the life situations that have published services.
func (s *Snapshot) LifeInUse() []LifeSituation { return s.inUse(lifeSituations, s.Life) }

func (s *Snapshot) inUse(k taxonomy, all []Topic) []Topic {
	var out []Topic
	for _, t := range all {
		if s.counts[k][t.ID] > 0 {
			out = append(out, t)
		}
	}
	return out
}

// ByName returns the services keep accepts (all for nil) by name in lang.
func (s *Snapshot) ByName(lang string, keep func(*Service) bool) []*Service {
	list := s.Services
	if lang == "en" {
		list = s.english
	}
	out := make([]*Service, 0, len(list))
	for _, v := range list {
		if keep == nil || keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// buildSnapshot reads the published catalog and indexes it.
func buildSnapshot(ctx context.Context, q db.Querier, version int64) (*Snapshot, error) {
	services, err := loadServices(ctx, q, "s.published = ?", true)
	if err != nil {
		return nil, err
	}
	t, err := listTaxa(ctx, q, topics)
	if err != nil {
		return nil, err
	}
	l, err := listTaxa(ctx, q, lifeSituations)
	if err != nil {
		return nil, err
	}
	return newSnapshot(version, services, t, l), nil
}

// newSnapshot indexes published services.
func newSnapshot(version int64, services []*Service, topicList []Topic, lifeList []LifeSituation) *Snapshot {
	s := &Snapshot{Version: version, Services: services, Topics: topicList, Life: lifeList,
		bySlug: map[string]*Service{}, topicBySlug: map[string]Topic{}, lifeBySlug: map[string]LifeSituation{},
		counts: map[taxonomy]map[int64]int{topics: {}, lifeSituations: {}}}
	for _, v := range services {
		s.bySlug[v.Slug] = v
		for _, r := range v.Topics {
			s.counts[topics][r.ID]++
		}
		for _, r := range v.Life {
			s.counts[lifeSituations][r.ID]++
		}
	}
	sortByName(s.Services, "de")
	s.english = append([]*Service(nil), services...)
	sortByName(s.english, "en")
	for _, t := range topicList {
		s.topicBySlug[t.Slug] = t
	}
	for _, t := range lifeList {
		s.lifeBySlug[t.Slug] = t
	}
	s.de = newIndex(germanAnalyzer, s.Services)
	s.en = newIndex(englishAnalyzer, s.Services)
	return s
}

// views keeps one snapshot per database. The database comes from the
// request context (one database per town), so a process serving several
// towns keeps several snapshots; an entry goes when its database is
// garbage collected, which is why the map holds weak pointers.
type views struct {
	mu sync.Mutex
	m  map[weak.Pointer[db.DB]]*view
}

type view struct {
	mu  sync.Mutex // one rebuild at a time
	cur atomic.Pointer[Snapshot]
}

func (vs *views) get(d *db.DB) *view {
	key := weak.Make(d)
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.m == nil {
		vs.m = map[weak.Pointer[db.DB]]*view{}
	}
	v, ok := vs.m[key]
	if !ok {
		v = &view{}
		vs.m[key] = v
		runtime.AddCleanup(d, vs.forget, key)
	}
	return v
}

func (vs *views) forget(key weak.Pointer[db.DB]) {
	vs.mu.Lock()
	delete(vs.m, key)
	vs.mu.Unlock()
}

// Published returns the published catalog of the request's town. It asks
// the database for the catalog's version on every call (one indexed row)
// and rebuilds the snapshot when another request or instance changed it.
func (c *Catalog) Published(ctx context.Context) (*Snapshot, error) {
	d := db.From(ctx)
	ver, err := version(ctx, d)
	if err != nil {
		return nil, err
	}
	v := c.views.get(d)
	if cur := v.cur.Load(); cur != nil && cur.Version >= ver {
		return cur, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if cur := v.cur.Load(); cur != nil && cur.Version >= ver {
		return cur, nil
	}
	// The version is read before the data, so the data is at least as new
	// as the label: a change in between only costs one more rebuild.
	s, err := buildSnapshot(ctx, d, ver)
	if err != nil {
		return nil, err
	}
	v.cur.Store(s)
	return s, nil
}
