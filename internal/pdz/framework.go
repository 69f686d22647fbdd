package pdz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FrameworkFormat names the JSON format of a regional framework file
// (docs/FRAMEWORK.md); FrameworkFormatVersion is its version.
const (
	FrameworkFormat        = "pdz-quadro-regionale"
	FrameworkFormatVersion = 1
)

// Framework is a regional framework (quadro regionale) of one regional plan:
// strategic areas with their thematic objectives, priority levels, LEPS,
// macro-activities with their intervention codes, and the articles of
// Regolamento Regionale 4/2007 that service sheets cite. It is data, shipped
// as files and editable: a plan's sheets are validated against it.
type Framework struct {
	Format        string           `json:"formato"`
	FormatVersion int              `json:"versione_formato"`
	Slug          string           `json:"id"`
	Region        string           `json:"regione"`
	Title         string           `json:"titolo"`
	Cycle         string           `json:"ciclo"`
	Years         []int            `json:"anni"`
	Act           string           `json:"atto,omitempty"`
	Revision      int              `json:"revisione"`
	Complete      bool             `json:"completo"`
	ToComplete    []string         `json:"da_completare,omitempty"`
	Sources       []string         `json:"fonti,omitempty"`
	Notes         string           `json:"note,omitempty"`
	Levels        []FrameworkItem  `json:"livelli_priorita"`
	Areas         []FrameworkArea  `json:"aree_strategiche"`
	LEPS          []FrameworkItem  `json:"leps"`
	Macros        []FrameworkMacro `json:"macro_attivita"`
	Articles      []FrameworkItem  `json:"articoli_rr_4_2007"`
	// The money (issue 6): FNPS quotas, financial sheets, rules. Absent
	// from frameworks written before them.
	FNPSQuotas      []FrameworkItem  `json:"quote_fnps,omitempty"`
	FinancialSheets []FinancialSheet `json:"schede_finanziarie,omitempty"`
	Rules           []FrameworkRule  `json:"regole,omitempty"`
}

// FrameworkItem is one entry of a framework list: a code and its title.
type FrameworkItem struct {
	Code  string `json:"codice"`
	Title string `json:"titolo"`
	Note  string `json:"nota,omitempty"`
}

// FrameworkArea is a strategic area with its thematic objectives (the
// objective's Code is its letter).
type FrameworkArea struct {
	Code       string          `json:"codice"`
	Title      string          `json:"titolo"`
	Note       string          `json:"nota,omitempty"`
	Objectives []FrameworkItem `json:"obiettivi"`
}

// FrameworkMacro is a macro-activity with its intervention codes.
type FrameworkMacro struct {
	Code          string          `json:"codice"`
	Title         string          `json:"titolo"`
	Note          string          `json:"nota,omitempty"`
	Interventions []FrameworkItem `json:"interventi"`
}

// Area returns the strategic area with that code, nil if none.
func (f *Framework) Area(code string) *FrameworkArea {
	for i := range f.Areas {
		if f.Areas[i].Code == code {
			return &f.Areas[i]
		}
	}
	return nil
}

// Objective returns objective letter of area, nil if none.
func (f *Framework) Objective(area, letter string) *FrameworkItem {
	if a := f.Area(area); a != nil {
		return findItem(a.Objectives, letter)
	}
	return nil
}

// Level returns the priority level with that code, nil if none.
func (f *Framework) Level(code string) *FrameworkItem { return findItem(f.Levels, code) }

// Macro returns the macro-activity with that code, nil if none.
func (f *Framework) Macro(code string) *FrameworkMacro {
	for i := range f.Macros {
		if f.Macros[i].Code == code {
			return &f.Macros[i]
		}
	}
	return nil
}

// Intervention returns the intervention code and its macro-activity, nil if none.
func (f *Framework) Intervention(code string) (*FrameworkItem, *FrameworkMacro) {
	for i := range f.Macros {
		if it := findItem(f.Macros[i].Interventions, code); it != nil {
			return it, &f.Macros[i]
		}
	}
	return nil, nil
}

// Article returns the R.R. 4/2007 article with that code, nil if none.
func (f *Framework) Article(code string) *FrameworkItem { return findItem(f.Articles, code) }

func findItem(xs []FrameworkItem, code string) *FrameworkItem {
	for i := range xs {
		if xs[i].Code == code {
			return &xs[i]
		}
	}
	return nil
}

// Letters lists the objective letters of an area, for messages.
func (a *FrameworkArea) Letters() string {
	var ls []string
	for _, o := range a.Objectives {
		ls = append(ls, o.Code)
	}
	if len(ls) == 0 {
		return "nessuna"
	}
	return strings.Join(ls, ", ")
}

var (
	frameworkSlugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	levelCodeRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	letterRE        = regexp.MustCompile(`^[A-Z]{1,2}$`)
	macroCodeRE     = regexp.MustCompile(`^[A-Z]$`)
	interventionRE  = regexp.MustCompile(`^[A-Z](\.[0-9]{1,2})?$`)
	articleRE       = regexp.MustCompile(`^[0-9]{1,3}( (bis|ter|quater|quinquies|sexies))?$`)
)

// Validate checks a framework. Problems are keyed by the path of the
// offending entry in the file ("aree_strategiche[2].obiettivi[0].codice"),
// so that an edited file can be fixed.
func (f *Framework) Validate() error {
	p := Problems{}
	if f.Format != FrameworkFormat {
		p.Add("formato", "Il campo «formato» deve valere «"+FrameworkFormat+"»: il file non è un quadro regionale di pdz.")
	}
	if f.FormatVersion != FrameworkFormatVersion {
		p.Add("versione_formato", "Versione del formato non supportata: questa versione di pdz legge la versione "+strconv.Itoa(FrameworkFormatVersion)+".")
	}
	if !frameworkSlugRE.MatchString(f.Slug) || len(f.Slug) > 60 {
		p.Add("id", "L'identificativo del quadro usa solo lettere minuscole, cifre e trattini (es. puglia-2022-2024).")
	}
	required(p, "titolo", f.Title, "Indica il titolo del piano regionale.")
	maxLen(p, "titolo", f.Title, 400)
	required(p, "regione", f.Region, "Indica la Regione.")
	required(p, "ciclo", f.Cycle, "Indica il ciclo (es. 2022-2024).")
	if len(f.Years) == 0 {
		p.Add("anni", "Indica gli anni del ciclo (es. [2022, 2023, 2024]).")
	}
	for i, y := range f.Years {
		if y < 2000 || y > 2100 || (i > 0 && y <= f.Years[i-1]) {
			p.Add("anni", "Gli anni vanno indicati in ordine crescente, tra il 2000 e il 2100.")
		}
	}
	if f.Revision < 1 {
		p.Add("revisione", "La revisione è un numero intero da 1 in su.")
	}
	items(p, "livelli_priorita", f.Levels, levelCodeRE, "codice in minuscolo (es. leps, ods)", true)
	items(p, "leps", f.LEPS, levelCodeRE, "codice in minuscolo con trattini (es. servizio-sociale-professionale)", true)
	items(p, "articoli_rr_4_2007", f.Articles, articleRE, "numero dell'articolo, eventualmente seguito da bis, ter… (es. 87 bis)", false)
	if len(f.Levels) == 0 {
		p.Add("livelli_priorita", "Indica almeno un livello di priorità.")
	}
	seen := map[string]bool{}
	for i, a := range f.Areas {
		at := fmt.Sprintf("aree_strategiche[%d]", i)
		if strings.TrimSpace(a.Code) == "" || len(a.Code) > 10 || strings.ContainsAny(a.Code, " .|") {
			p.Add(at+".codice", "Il codice dell'area è breve, senza spazi né punti (es. 1, 2).")
		} else if seen[a.Code] {
			p.Add(at+".codice", "Il codice «"+a.Code+"» è usato da due aree.")
		}
		seen[a.Code] = true
		required(p, at+".titolo", a.Title, "Indica il titolo dell'area.")
		items(p, at+".obiettivi", a.Objectives, letterRE, "lettera maiuscola (es. A)", true)
	}
	if len(f.Areas) == 0 {
		p.Add("aree_strategiche", "Indica almeno un'area strategica.")
	}
	seen = map[string]bool{}
	codes := map[string]bool{}
	for i, m := range f.Macros {
		at := fmt.Sprintf("macro_attivita[%d]", i)
		if !macroCodeRE.MatchString(m.Code) {
			p.Add(at+".codice", "Il codice della macro-attività è una lettera maiuscola (es. A).")
		} else if seen[m.Code] {
			p.Add(at+".codice", "Il codice «"+m.Code+"» è usato da due macro-attività.")
		}
		seen[m.Code] = true
		required(p, at+".titolo", m.Title, "Indica il titolo della macro-attività.")
		for j, it := range m.Interventions {
			it2 := fmt.Sprintf("%s.interventi[%d]", at, j)
			if !interventionRE.MatchString(it.Code) || it.Code[:1] != m.Code {
				p.Add(it2+".codice", "Il codice dell'intervento inizia con la lettera della sua macro-attività (es. "+m.Code+".1).")
			} else if codes[it.Code] {
				p.Add(it2+".codice", "Il codice «"+it.Code+"» è usato da due interventi.")
			}
			codes[it.Code] = true
			required(p, it2+".titolo", it.Title, "Indica il titolo dell'intervento.")
		}
	}
	f.validateMoney(p)
	return p.Err()
}

func items(p Problems, at string, xs []FrameworkItem, re *regexp.Regexp, want string, titled bool) {
	seen := map[string]bool{}
	for i, x := range xs {
		here := fmt.Sprintf("%s[%d]", at, i)
		if !re.MatchString(x.Code) {
			p.Add(here+".codice", "Codice «"+x.Code+"» non valido: "+want+".")
		} else if seen[x.Code] {
			p.Add(here+".codice", "Il codice «"+x.Code+"» compare due volte.")
		}
		seen[x.Code] = true
		if titled {
			required(p, here+".titolo", x.Title, "Indica il titolo.")
		}
		maxLen(p, here+".titolo", x.Title, 1000)
	}
}

// ParseFramework reads a framework file. Unknown fields are refused (a
// misspelt key would otherwise vanish silently) and the result is validated.
func ParseFramework(r io.Reader) (Framework, error) {
	var f Framework
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, Errorf(EINVALID, "Il file del quadro regionale non è leggibile: %s", jsonProblem(err))
	}
	if dec.More() {
		return f, Errorf(EINVALID, "Il file del quadro regionale contiene altro testo dopo la fine del documento JSON.")
	}
	return f, f.Validate()
}

// jsonProblem describes a JSON decoding error in Italian.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("errore di sintassi JSON al carattere %d.", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("il campo «%s» ha un tipo di valore sbagliato (atteso %s).", te.Field, italianKind(te.Type.Kind().String()))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "il documento è vuoto o troncato."
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "campo sconosciuto " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	}
	return "documento JSON non valido."
}

func italianKind(k string) string {
	switch k {
	case "string":
		return "un testo"
	case "int", "int64", "int32":
		return "un numero intero"
	case "bool":
		return "true o false"
	case "slice":
		return "un elenco"
	case "struct", "map":
		return "un oggetto"
	}
	return k
}

// Canonical is the framework's canonical JSON: what is stored and exported,
// so that two identical frameworks have identical bytes.
func (f *Framework) Canonical() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		panic(err) // plain structs always encode
	}
	return buf.Bytes()
}

// FrameworkRecord is a framework as the installation keeps it: installation
// level (AmbitoID 0, editable by the installation administrator) or an
// Ambito's own copy (editable by its Responsabile).
type FrameworkRecord struct {
	ID        int64
	AmbitoID  int64 // 0: installation level
	Builtin   bool  // loaded from the files shipped with the program
	Framework Framework
	UpdatedAt time.Time
	CreatedAt time.Time
	PlanCount int // plans that use it (filled by listings)
}

// Scope says who owns the framework, in Italian.
func (r *FrameworkRecord) Scope() string {
	if r.AmbitoID == 0 {
		return "installazione"
	}
	return "Ambito"
}

// NormalizeIntervention writes an intervention code as the frameworks do:
// "a1", "A1", "A.1 " become "A.1"; "T" stays "T".
func NormalizeIntervention(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, " ", "")
	if len(s) >= 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= '0' && s[1] <= '9' {
		s = s[:1] + "." + s[1:]
	}
	return s
}

// NormalizeArticle writes an article of R.R. 4/2007 as the frameworks do:
// "Art. 87 bis" → "87 bis", "60ter" → "60 ter".
func NormalizeArticle(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, pre := range []string{"artt.", "art.", "artt", "art"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, pre))
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	num, rest := s[:i], strings.TrimSpace(s[i:])
	if rest == "" {
		return num
	}
	return num + " " + strings.Join(strings.Fields(rest), " ")
}

// ParseArticles reads a list of articles as sheets print them: "47-48-49",
// "Artt. 52-53-90", "60, 60 ter", "87 bis". Empty input is an empty list.
func ParseArticles(s string) []string {
	s = strings.NewReplacer("–", "-", ";", ",", "/", ",").Replace(s)
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '-' || r == '\n' }) {
		if a := NormalizeArticle(part); a != "" {
			out = append(out, a)
		}
	}
	return out
}
