package pdz

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Ambito is an Ambito Territoriale Sociale: the tenant. Everything else
// belongs to exactly one Ambito.
type Ambito struct {
	ID         int64
	Slug       string // used in URLs, unique in the installation
	Name       string // "Ambito Territoriale Sociale di Casarano"
	Province   string // "Lecce"
	CapofilaID int64  // the lead municipality (Comune capofila), 0 if not set yet
	Address    string
	Email      string
	PEC        string
	Phone      string
	Website    string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Comune is a municipality of an Ambito.
type Comune struct {
	ID             int64
	AmbitoID       int64
	Name           string
	IstatCode      string // six digits, e.g. "075016"
	Population     int64  // residents at PopulationDate
	PopulationDate Date
}

var (
	slugRE  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	istatRE = regexp.MustCompile(`^[0-9]{6}$`)
	phoneRE = regexp.MustCompile(`^\+?[0-9 ./()-]{6,25}$`)
)

// reservedSlugs cannot name an Ambito: they would read as parts of the site.
var reservedSlugs = map[string]bool{"nuovo": true, "admin": true, "api": true, "static": true}

// Validate checks an Ambito before it is saved.
func (a *Ambito) Validate() error {
	p := Problems{}
	a.Name = strings.TrimSpace(a.Name)
	a.Slug = strings.TrimSpace(strings.ToLower(a.Slug))
	required(p, "name", a.Name, "Indica il nome dell'Ambito.")
	maxLen(p, "name", a.Name, 200)
	checkSlug(p, "slug", a.Slug)
	maxLen(p, "province", a.Province, 100)
	maxLen(p, "address", a.Address, 300)
	checkEmail(p, "email", &a.Email)
	checkEmail(p, "pec", &a.PEC)
	checkPhone(p, "phone", &a.Phone)
	checkURL(p, "website", &a.Website)
	return p.Err()
}

// Validate checks a Comune before it is saved.
func (c *Comune) Validate() error {
	p := Problems{}
	c.Name = strings.TrimSpace(c.Name)
	c.IstatCode = strings.TrimSpace(c.IstatCode)
	required(p, "name", c.Name, "Indica il nome del Comune.")
	maxLen(p, "name", c.Name, 120)
	if c.IstatCode != "" && !istatRE.MatchString(c.IstatCode) {
		p.Add("istat_code", "Il codice ISTAT è formato da 6 cifre (es. 075016).")
	}
	if c.Population < 0 {
		p.Add("population", "La popolazione non può essere negativa.")
	}
	if c.Population > 0 && c.PopulationDate.IsZero() {
		p.Add("population_date", "Indica la data di riferimento della popolazione.")
	}
	return p.Err()
}

func checkSlug(p Problems, field, s string) {
	switch {
	case s == "":
		p.Add(field, "Indica l'identificativo usato negli indirizzi web.")
	case len(s) > 60:
		p.Add(field, "L'identificativo può avere al massimo 60 caratteri.")
	case !slugRE.MatchString(s):
		p.Add(field, "Usa solo lettere minuscole senza accenti, cifre e trattini (es. casarano).")
	case reservedSlugs[s]:
		p.Add(field, "Questo identificativo è riservato: scegline un altro.")
	}
}

// Slugify makes a URL identifier from a title: "Piano 2026-2028" → "piano-2026-2028".
func Slugify(s string) string {
	repl := strings.NewReplacer("à", "a", "è", "e", "é", "e", "ì", "i", "ò", "o", "ù", "u", "'", "-", "’", "-")
	s = repl.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimSuffix(out[:60], "-")
	}
	return out
}

func required(p Problems, field, v, msg string) {
	if strings.TrimSpace(v) == "" {
		p.Add(field, msg)
	}
}

func maxLen(p Problems, field, v string, n int) {
	if len([]rune(v)) > n {
		p.Add(field, "Il testo è troppo lungo: al massimo "+itoa(n)+" caratteri.")
	}
}

func checkEmail(p Problems, field string, v *string) {
	*v = strings.TrimSpace(*v)
	if *v == "" {
		return
	}
	a, err := mail.ParseAddress(*v)
	if err != nil || a.Address != *v || !strings.Contains(*v, ".") {
		p.Add(field, "Indirizzo e-mail non valido (es. nome@dominio.it).")
	}
}

func checkPhone(p Problems, field string, v *string) {
	*v = strings.TrimSpace(*v)
	if *v != "" && !phoneRE.MatchString(*v) {
		p.Add(field, "Numero di telefono non valido: usa cifre, spazi e l'eventuale prefisso +39.")
	}
}

func checkURL(p Problems, field string, v *string) {
	*v = strings.TrimSpace(*v)
	if *v == "" {
		return
	}
	if !strings.Contains(*v, "://") {
		*v = "https://" + *v
	}
	u, err := url.Parse(*v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
		p.Add(field, "Indirizzo web non valido (es. https://www.ambito.it).")
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{digits[n%10]}, b...)
	}
	return string(b)
}
