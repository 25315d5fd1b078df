package auth

import (
	"context"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// querier returns the transaction carried by ctx (db.WithTx), so that reads
// see what the caller changed in it and writes commit with the caller's audit
// entry, or else the town's database. Every store method of this package goes
// through it or db.InTxFrom: on SQLite a write on the database while a
// transaction holds the single writer would wait for ever.
func querier(ctx context.Context) db.Querier {
	if tx, ok := db.TxFrom(ctx); ok {
		return tx
	}
	return db.From(ctx)
}
