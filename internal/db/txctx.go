package db

import "context"

type txKey struct{}

// WithTx returns a context that carries tx, so code called inside a
// transaction through an interface (forms hands a submission to cases) can
// join it instead of opening its own: forms marks the draft sent and cases
// creates the case in one commit.
func WithTx(ctx context.Context, tx *Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// TxFrom returns the transaction carried by ctx, if any.
func TxFrom(ctx context.Context) (*Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(*Tx)
	return tx, ok
}

// InTxFrom runs fn in the transaction carried by ctx (WithTx), or else in a
// new transaction of the database carried by ctx (From).
func InTxFrom(ctx context.Context, fn func(tx *Tx) error) error {
	if tx, ok := TxFrom(ctx); ok {
		return fn(tx)
	}
	return From(ctx).InTx(ctx, fn)
}
