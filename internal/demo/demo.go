// Package demo fills an empty database with the demo town "Musterstadt", so a
// new user sees a working town hall at once.
package demo

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/pages"
)

// Account is a demo sign-in, printed at start and listed in the README.
type Account struct {
	Email, Password, Description string
}

// Password is the password of every demo account. It is public: the demo is
// not for real data.
const Password = "musterstadt-demo"

// Departments of the demo town.
var Departments = []auth.Department{
	{Slug: "buergerbuero", Name: "Bürgerbüro", Email: "buergerbuero@musterstadt.example", Description: "Meldewesen, Ausweise, Bescheinigungen"},
	{Slug: "ordnungsamt", Name: "Ordnungsamt", Email: "ordnungsamt@musterstadt.example", Description: "Öffentliche Ordnung, wilder Müll, Parken"},
	{Slug: "jugendamt", Name: "Jugendamt", Email: "jugendamt@musterstadt.example", Description: "Kita-Plätze, Jugendhilfe"},
	{Slug: "bauamt", Name: "Bauamt", Email: "bauamt@musterstadt.example", Description: "Bauanträge, Straßen, Grünflächen"},
	{Slug: "ratsbuero", Name: "Ratsbüro", Email: "ratsbuero@musterstadt.example", Description: "Sitzungsdienst des Stadtrats"},
	{Slug: "kaemmerei", Name: "Kämmerei", Email: "kaemmerei@musterstadt.example", Description: "Steuern, Abgaben, Gebühren"},
}

type demoUser struct {
	email, name string
	role        auth.Role
	dept        string
	lead        bool
	desc        string
}

var users = []demoUser{
	{"admin@musterstadt.example", "Anna Admin", auth.RoleAdmin, "", false, "admin (IT)"},
	{"leitung.ordnungsamt@musterstadt.example", "Olaf Ordnung", auth.RoleStaff, "ordnungsamt", true, "lead, Ordnungsamt"},
	{"ordnungsamt@musterstadt.example", "Paula Posten", auth.RoleStaff, "ordnungsamt", false, "staff, Ordnungsamt"},
	{"buergerbuero@musterstadt.example", "Bernd Büro", auth.RoleStaff, "buergerbuero", false, "staff, Bürgerbüro"},
	{"leitung.buergerbuero@musterstadt.example", "Berta Beck", auth.RoleStaff, "buergerbuero", true, "lead, Bürgerbüro"},
	{"jugendamt@musterstadt.example", "Julia Jung", auth.RoleStaff, "jugendamt", false, "staff, Jugendamt"},
	{"bauamt@musterstadt.example", "Bodo Bau", auth.RoleStaff, "bauamt", false, "staff, Bauamt"},
	{"ratsbuero@musterstadt.example", "Rita Rat", auth.RoleStaff, "ratsbuero", true, "lead, Ratsbüro"},
	{"kaemmerei@musterstadt.example", "Karl Kämmerer", auth.RoleStaff, "kaemmerei", false, "staff, Kämmerei"},
	{"buerger@musterstadt.example", "Max Mustermann", auth.RoleCitizen, "", false, "citizen"},
}

// Seed adds the demo town to an empty database (no accounts yet) and returns
// the demo accounts; on a database with accounts it does nothing and returns
// nil.
func Seed(ctx context.Context, a *app.App) ([]Account, error) {
	var n int
	if err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	if err := a.Pages.SaveSettings(ctx, pages.Settings{TownName: "Musterstadt", State: "NI"}, pages.Actor{}); err != nil {
		return nil, fmt.Errorf("town settings: %w", err)
	}
	depts := map[string]int64{}
	for _, d := range Departments {
		saved, err := a.Auth.SaveDepartment(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("department %s: %w", d.Slug, err)
		}
		depts[d.Slug] = saved.ID
	}
	var out []Account
	for _, u := range users {
		created, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: u.email, Name: u.name, Password: Password, Role: u.role, EmailVerified: true})
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", u.email, err)
		}
		if u.dept != "" {
			if err := a.Auth.SetMembership(ctx, created.ID, depts[u.dept], u.lead); err != nil {
				return nil, err
			}
		}
		out = append(out, Account{Email: u.email, Password: Password, Description: u.desc})
	}
	if err := seedReports(ctx, a, depts); err != nil {
		return nil, err
	}
	if err := seedCatalog(ctx, a, depts); err != nil {
		return nil, err
	}
	if err := seedForms(ctx, a); err != nil {
		return nil, err
	}
	if err := seedCases(ctx, a); err != nil {
		return nil, err
	}
	return out, nil
}
