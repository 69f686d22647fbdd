package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

const userCols = `id, email, name, password_hash, is_admin, active, created_at`

func scanUser(r scanner) (pdz.User, error) {
	var u pdz.User
	err := r.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.IsAdmin, &u.Active, &u.CreatedAt)
	return u, err
}

func (s *Store) loadMemberships(ctx context.Context, q querier, u *pdz.User) error {
	rows, err := q.QueryContext(ctx, `SELECT m.ambito_id, a.slug, a.name, m.role FROM memberships m
		JOIN ambiti a ON a.id = m.ambito_id WHERE m.user_id = $1 ORDER BY a.name`, u.ID)
	ms, err := collect(rows, err, func(r scanner) (pdz.Membership, error) {
		var m pdz.Membership
		err := r.Scan(&m.AmbitoID, &m.AmbitoSlug, &m.AmbitoName, &m.Role)
		return m, err
	})
	u.Memberships = ms
	return err
}

// User returns an account with its memberships.
func (s *Store) User(ctx context.Context, id int64) (pdz.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, one(err, "Utente")
	}
	return u, s.loadMemberships(ctx, s.read, &u)
}

// UserByEmail returns the account with that e-mail (case-insensitive).
func (s *Store) UserByEmail(ctx context.Context, email string) (pdz.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	if err != nil {
		return u, one(err, "Utente")
	}
	return u, s.loadMemberships(ctx, s.read, &u)
}

// Users lists every account of the installation.
func (s *Store) Users(ctx context.Context) ([]pdz.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY name, email`)
	us, err := collect(rows, err, scanUser)
	if err != nil {
		return nil, err
	}
	for i := range us {
		if err := s.loadMemberships(ctx, s.read, &us[i]); err != nil {
			return nil, err
		}
	}
	return us, nil
}

// AmbitoUsers lists the accounts with a role in an Ambito.
func (s *Store) AmbitoUsers(ctx context.Context, ambitoID int64) ([]pdz.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userCols+` FROM users WHERE id IN
		(SELECT user_id FROM memberships WHERE ambito_id = $1) ORDER BY name`, ambitoID)
	us, err := collect(rows, err, scanUser)
	if err != nil {
		return nil, err
	}
	for i := range us {
		if err := s.loadMemberships(ctx, s.read, &us[i]); err != nil {
			return nil, err
		}
	}
	return us, nil
}

const emailTaken = "Esiste già un utente con questo indirizzo e-mail."

// userAudit is what the audit log keeps of an account: never the hash.
type userAudit struct {
	Email   string
	Name    string
	IsAdmin bool
	Active  bool
}

func auditOf(u *pdz.User) userAudit {
	return userAudit{Email: u.Email, Name: u.Name, IsAdmin: u.IsAdmin, Active: u.Active}
}

// CreateUser adds an account; u.PasswordHash must already be set.
func (s *Store) CreateUser(ctx context.Context, actor pdz.Actor, u *pdz.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.CreatedAt = s.Now()
	u.Active = true
	return s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, is_admin, active, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, u.Email, u.Name, u.PasswordHash, u.IsAdmin, u.Active, u.CreatedAt).Scan(&u.ID)
		if err != nil {
			return translate(err, "create user", "email", emailTaken)
		}
		return s.audit(ctx, tx, actor, 0, "create", "user", u.ID, "Creato l'utente "+u.Email, nil, auditOf(u))
	})
}

// UpdateUser saves name, e-mail, administrator flag and active flag.
func (s *Store) UpdateUser(ctx context.Context, actor pdz.Actor, u *pdz.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, u.ID))
		if err != nil {
			return one(err, "Utente")
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET email = $1, name = $2, is_admin = $3, active = $4 WHERE id = $5`,
			u.Email, u.Name, u.IsAdmin, u.Active, u.ID)
		if err != nil {
			return translate(err, "update user", "email", emailTaken)
		}
		if !u.Active {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
				return internal("end sessions", err)
			}
		}
		return s.audit(ctx, tx, actor, 0, "update", "user", u.ID, "Modificato l'utente "+u.Email, auditOf(&before), auditOf(u))
	})
}

// SetPassword replaces an account's password hash and ends its other sessions.
func (s *Store) SetPassword(ctx context.Context, actor pdz.Actor, userID int64, hash, keepSessionHash string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
		if err != nil {
			return internal("set password", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Utente")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepSessionHash); err != nil {
			return internal("end sessions", err)
		}
		return s.audit(ctx, tx, actor, 0, "update", "user", userID, "Cambiata la password", nil, nil)
	})
}

// SetMembership gives a user a role in an Ambito, or removes it (role "").
func (s *Store) SetMembership(ctx context.Context, actor pdz.Actor, userID, ambitoID int64, role pdz.Role) error {
	if role != "" && !role.Valid() {
		return pdz.Problems{"role": "Ruolo non valido."}.Err()
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var email string
		if err := tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, userID).Scan(&email); err != nil {
			return one(err, "Utente")
		}
		var before pdz.Role
		err := tx.QueryRowContext(ctx, `SELECT role FROM memberships WHERE user_id = $1 AND ambito_id = $2`, userID, ambitoID).Scan(&before)
		if err != nil && err != sql.ErrNoRows {
			return internal("read membership", err)
		}
		if role == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND ambito_id = $2`, userID, ambitoID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO memberships (user_id, ambito_id, role) VALUES ($1, $2, $3)
				ON CONFLICT (user_id, ambito_id) DO UPDATE SET role = excluded.role`, userID, ambitoID, role)
		}
		if err != nil {
			return internal("set membership", err)
		}
		summary := "Assegnato a " + email + " il ruolo: " + role.Label()
		if role == "" {
			summary = "Tolto a " + email + " il ruolo: " + before.Label()
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "membership", userID, summary, map[string]any{"role": before}, map[string]any{"role": role})
	})
}

// CountAdmins counts the active installation administrators.
func (s *Store) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE is_admin = TRUE AND active = TRUE`).Scan(&n)
	return n, internal("count admins", err)
}

// CountPublicPost records a submission of a public form from an address at
// a time and returns how many that address made in the window before it,
// this one included. Rows older than a day are dropped on the way.
func (s *Store) CountPublicPost(ctx context.Context, ip string, at time.Time, window time.Duration) (int, error) {
	var n int
	at = at.UTC()
	err := s.writeUnseen(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM public_form_posts WHERE at < $1`, at.Add(-24*time.Hour)); err != nil {
			return internal("clear public posts", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO public_form_posts (ip, at) VALUES ($1, $2)`, ip, at); err != nil {
			return internal("record public post", err)
		}
		return internal("count public posts", tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM public_form_posts WHERE ip = $1 AND at > $2`, ip, at.Add(-window)).Scan(&n))
	})
	return n, err
}
