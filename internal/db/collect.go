package db

import (
	"context"
	"database/sql"
)

// Scanner is a row to scan: *sql.Row and *sql.Rows both are. An alias, so
// the stores' scan functions, written against the bare interface, fit
// Collect as they are.
type Scanner = interface{ Scan(...any) error }

// Collect scans every row with scan and closes rows before it returns (a
// transaction's next statement may need the connection). It takes the result of
// a Query as it comes (rows, err), so a store needs no loop of its own. The
// first error wins: the query's, a scan's or the iteration's; the caller
// adds the context. No rows give a nil slice.
func Collect[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Column runs query, which selects one column, and returns its values (ids,
// keys) in row order.
func Column[T any](ctx context.Context, q Querier, query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	return Collect(rows, err, func(r Scanner) (T, error) {
		var v T
		err := r.Scan(&v)
		return v, err
	})
}
