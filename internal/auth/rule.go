package auth

import (
	"net/http"
	"strconv"
)

// Rule says who may use a route. Every route is registered with exactly one
// rule; handlers that work on one record check it again with the record's
// department (see Principal.MemberOf).
type Rule struct {
	// Name describes the rule in the authorization matrix and in logs.
	Name  string
	allow func(r *http.Request, p *Principal) bool
}

// Allow reports whether p may make request r.
func (rule Rule) Allow(r *http.Request, p *Principal) bool { return rule.allow(r, p) }

// The rules.
var (
	// Public: anyone, signed in or not.
	Public = Rule{"public", func(*http.Request, *Principal) bool { return true }}
	// SignedIn: any account.
	SignedIn = Rule{"signed-in", func(_ *http.Request, p *Principal) bool { return p.SignedIn() }}
	// Staff: staff of any department, or an admin.
	Staff = Rule{"staff", func(_ *http.Request, p *Principal) bool { return p.IsStaff() }}
	// Lead: the lead of any department, or an admin.
	Lead = Rule{"lead", func(_ *http.Request, p *Principal) bool { return p.IsAdmin() || p.IsLead() }}
	// Admin: administrators only.
	Admin = Rule{"admin", func(_ *http.Request, p *Principal) bool { return p.IsAdmin() }}
)

// RequestRule makes a rule that looks at the request itself, not only at
// the account: a bearer token, the client's address. name says what it
// allows, for the authorization matrix and logs.
func RequestRule(name string, allow func(r *http.Request, p *Principal) bool) Rule {
	if name == "" || allow == nil {
		panic("auth: a rule needs a name and a check")
	}
	return Rule{name, allow}
}

// DepartmentMember allows staff of the department whose id is the path
// value param, leads of it, and admins.
func DepartmentMember(param string) Rule {
	return Rule{"member of {" + param + "}", func(r *http.Request, p *Principal) bool {
		if p.IsAdmin() {
			return true
		}
		id, err := strconv.ParseInt(r.PathValue(param), 10, 64)
		return err == nil && p.MemberOf(id)
	}}
}

// DepartmentLead allows the lead of the department whose id is the path value
// param, and admins.
func DepartmentLead(param string) Rule {
	return Rule{"lead of {" + param + "}", func(r *http.Request, p *Principal) bool {
		if p.IsAdmin() {
			return true
		}
		id, err := strconv.ParseInt(r.PathValue(param), 10, 64)
		return err == nil && p.LeadOf(id)
	}}
}
