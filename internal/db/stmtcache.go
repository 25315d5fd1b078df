package db

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statements kept per pool. Our SQL is written
// by hand, so a town hall has a few hundred distinct statements; queries
// whose text varies without bound beyond that simply run unprepared.
const maxCachedStmts = 500

// stmtCache keeps SQLite statements prepared, by SQL text. Parsing and
// planning a statement anew for every query was about a fifth of the CPU
// of a list request and of a form submission in the profiles. database/sql
// prepares a cached statement lazily on each connection of the pool that
// runs it. PostgreSQL needs no cache here: pgx keeps its own per
// connection.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// lookup returns the prepared statement for query if there is one.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[query]
}

// full reports whether the cache takes no more statements.
func (c *stmtCache) full() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m) >= maxCachedStmts
}

// get returns the prepared statement for query, preparing it on the pool,
// or nil when the cache is full or the statement does not prepare (the
// caller then runs the query as it is and reports the engine's error).
// Preparing takes a connection of the pool: never call it while holding
// the writer's one connection in a transaction (Tx defers to InTx).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if st := c.lookup(query); st != nil {
		return st
	}
	if c.full() {
		return nil
	}
	// Prepared without holding the lock: preparing waits for a connection
	// of the pool, and a transaction holding the writer's connection may
	// be about to look up its next statement. Without the request's
	// context: the statement outlives the request.
	st, err := c.pool.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok {
		st.Close() // prepared twice at once; keep the first
		return old
	}
	if len(c.m) >= maxCachedStmts {
		st.Close()
		return nil
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}
