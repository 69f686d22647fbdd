package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// Accounts are managed by the installation administrator: who exists, and
// which role each person has in which Ambito.

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	us, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	v := s.adminView(r, "Utenti")
	v["Users"] = us
	v["Crumbs"] = []Crumb{{"Area riservata", "/admin"}, {"Utenti", ""}}
	s.render(w, r, http.StatusOK, "admin/users", v)
	return nil
}

// renderUserForm shows an account; roleForm is the role assignment form
// after a failed submission, nil otherwise.
func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, f *Form, u *pdz.User, roleForm ...*Form) error {
	title := "Nuovo utente"
	if u.ID != 0 {
		title = u.Name
	}
	v := s.adminView(r, title)
	v["Form"], v["Edit"] = f, u
	v["Crumbs"] = []Crumb{{"Area riservata", "/admin"}, {"Utenti", "/admin/utenti"}, {title, ""}}
	if u.ID != 0 {
		as, err := s.store.Ambiti(r.Context())
		if err != nil {
			return err
		}
		opts := []Option{}
		for _, a := range as {
			opts = append(opts, Option{strconv.FormatInt(a.ID, 10), a.Name})
		}
		v["AmbitoOptions"] = opts
		v["RoleOptions"] = []Option{{string(pdz.RoleOperatore), pdz.RoleOperatore.Label()}, {string(pdz.RoleResponsabile), pdz.RoleResponsabile.Label()}, {"", "Nessun ruolo (togli)"}}
		v["RoleForm"] = newForm(url.Values{"role": {string(pdz.RoleOperatore)}})
		if len(roleForm) > 0 {
			v["RoleForm"] = roleForm[0]
		}
	}
	s.render(w, r, status, "admin/user_form", v)
	return nil
}

func userValues(u *pdz.User) url.Values {
	v := url.Values{"email": {u.Email}, "name": {u.Name}}
	if u.IsAdmin {
		v.Set("is_admin", "1")
	}
	if u.Active {
		v.Set("active", "1")
	}
	return v
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderUserForm(w, r, http.StatusOK, newForm(url.Values{"active": {"1"}}), &pdz.User{})
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	u := pdz.User{Email: f.Get("email"), Name: f.Get("name"), IsAdmin: f.Get("is_admin") == "1"}
	pw := f.Get("password")
	f.Values.Del("password")
	problems := pdz.Problems{}
	// The new account has no Ambito yet: every Ambito of the installation
	// is a name an attacker would try.
	as, err := s.store.Ambiti(r.Context())
	if err != nil {
		return err
	}
	related := []string{u.Email, u.Name}
	for _, a := range as {
		related = append(related, a.Name, a.Slug)
	}
	if msg := pdz.CheckPassword(pw, related...); msg != "" {
		problems.Add("password", msg)
	}
	if len(problems) > 0 {
		err = mergeProblems(problems, u.Validate())
	} else if u.PasswordHash, err = security.HashPassword(pw); err == nil {
		err = s.store.CreateUser(r.Context(), actor(r), &u)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderUserForm(w, r, statusOf(pdz.ErrorCode(err)), f, &pdz.User{})
	}
	return s.redirect(w, r, "/admin/utenti/"+strconv.FormatInt(u.ID, 10), "Utente creato: assegnargli ora un ruolo in uno o più Ambiti.")
}

func (s *Server) userOf(r *http.Request) (pdz.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return pdz.User{}, err
	}
	return s.store.User(r.Context(), id)
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	return s.renderUserForm(w, r, http.StatusOK, newForm(userValues(&u)), &u)
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := u
	u.Email, u.Name = f.Get("email"), f.Get("name")
	u.IsAdmin, u.Active = f.Get("is_admin") == "1", f.Get("active") == "1"
	if u.ID == info(r).user.ID && (!u.IsAdmin || !u.Active) {
		err = pdz.Errorf(pdz.EINVALID, "Non è possibile togliere a se stessi il ruolo di amministratore o disattivare il proprio account.")
	} else {
		err = s.store.UpdateUser(r.Context(), actor(r), &u)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderUserForm(w, r, statusOf(pdz.ErrorCode(err)), f, &orig)
	}
	return s.redirect(w, r, "/admin/utenti/"+strconv.FormatInt(u.ID, 10), "Utente salvato.")
}

func (s *Server) userRole(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	p := pdz.Problems{}
	ambitoID := formID(p, f.Values, "ambito_id", "Scegli un Ambito.")
	if ambitoID != 0 {
		if _, err := s.store.Ambito(r.Context(), ambitoID); err != nil {
			p.Add("ambito_id", "Scegli un Ambito.")
		}
	} else {
		p.Add("ambito_id", "Scegli un Ambito.")
	}
	if err = p.Err(); err == nil {
		err = s.store.SetMembership(r.Context(), actor(r), u.ID, ambitoID, pdz.Role(f.Get("role")))
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderUserForm(w, r, statusOf(pdz.ErrorCode(err)), newForm(userValues(&u)), &u, f)
	}
	return s.redirect(w, r, "/admin/utenti/"+strconv.FormatInt(u.ID, 10), "Ruoli aggiornati.")
}
