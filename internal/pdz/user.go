package pdz

import (
	"strings"
	"time"
)

// Role is a person's role in one Ambito.
type Role string

const (
	// RoleResponsabile is the Responsabile of the Ufficio di Piano: all the
	// Ambito's back office, publication and the audit log.
	RoleResponsabile Role = "responsabile"
	// RoleOperatore is a member of the Ufficio di Piano's staff: edits the
	// Ambito's content but does not publish, edit the Ambito or read the audit log.
	RoleOperatore Role = "operatore"
)

// Label is the role's Italian name.
func (r Role) Label() string {
	switch r {
	case RoleResponsabile:
		return "Responsabile dell'Ufficio di Piano"
	case RoleOperatore:
		return "Operatore dell'Ufficio di Piano"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleResponsabile || r == RoleOperatore }

// User is a back-office account.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	IsAdmin      bool // installation administrator: every Ambito
	Active       bool
	CreatedAt    time.Time
	Memberships  []Membership
}

// Membership gives a user a role in an Ambito.
type Membership struct {
	AmbitoID   int64
	AmbitoSlug string
	AmbitoName string
	Role       Role
}

// RoleIn returns the user's role in an Ambito, "" when the user has none.
// Installation administrators act as Responsabile everywhere.
func (u *User) RoleIn(ambitoID int64) Role {
	if u == nil {
		return ""
	}
	if u.IsAdmin {
		return RoleResponsabile
	}
	for _, m := range u.Memberships {
		if m.AmbitoID == ambitoID {
			return m.Role
		}
	}
	return ""
}

// Validate checks an account before it is saved (not the password).
func (u *User) Validate() error {
	p := Problems{}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	required(p, "email", u.Email, "Indica l'indirizzo e-mail.")
	checkEmail(p, "email", &u.Email)
	required(p, "name", u.Name, "Indica nome e cognome.")
	maxLen(p, "name", u.Name, 120)
	return p.Err()
}
