package cases

import (
	"embed"
	"io/fs"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

//go:embed migrations
var migrationFS embed.FS

// Migrations are the tables of this package; they need auth's departments
// and users.
var Migrations = db.Migrations{Name: "cases", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
