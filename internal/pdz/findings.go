package pdz

import (
	"strconv"
	"strings"
	"unicode"
)

// Finding kinds: something the document does not say yet, something that
// disagrees with itself, something worth a second look.
const (
	FindingMissing      = "mancante"
	FindingInconsistent = "incoerente"
	FindingNotice       = "avviso"
)

// Finding is one remark on a sheet: a sheet may be saved incomplete (the
// seed's own sheets have "€ ____"), and the product says what is missing or
// does not add up instead of refusing it.
type Finding struct {
	Kind    string
	Message string
}

// money formats cents for messages without importing locale (pdz imports
// no other package of the project).
func money(c int64) string { return "€ " + MoneyValue(c) }

// SheetFindings lists what a sheet lacks and where its printed figures
// disagree with the computed ones or with the framework.
func (p *Plan) SheetFindings(s *Sheet) []Finding {
	var out []Finding
	miss := func(msg string) { out = append(out, Finding{FindingMissing, msg}) }
	bad := func(msg string) { out = append(out, Finding{FindingInconsistent, msg}) }
	note := func(msg string) { out = append(out, Finding{FindingNotice, msg}) }

	if len(s.Levels) == 0 {
		miss("Livello di priorità non indicato.")
	}
	if len(s.Areas) == 0 {
		miss("Area strategica non indicata.")
	}
	if len(s.Objectives) == 0 {
		miss("Obiettivo tematico del piano regionale non indicato.")
	}
	if strings.TrimSpace(s.Results) == "" {
		miss("Risultati attesi non indicati.")
	}
	if !s.ScopeAmbito && !s.ScopeComuni && !s.ScopeDistretto && strings.TrimSpace(s.ScopeOther) == "" {
		miss("Valenza territoriale non indicata.")
	}
	if !s.MgmtDirect && !s.MgmtOutsourced && strings.TrimSpace(s.MgmtOther) == "" {
		miss("Modalità di gestione non indicata.")
	}
	if s.Macro == "" {
		miss("Macro-attività non indicata.")
	}
	if s.Intervention == "" {
		miss("Codice di intervento non indicato.")
	}
	if len(s.Services) == 0 {
		miss("Nessun servizio o intervento indicato.")
	}
	programmed := 0
	for i := range s.Years {
		y := &s.Years[i]
		if !y.Programmed() {
			continue
		}
		programmed++
		ys := strconv.Itoa(y.Year)
		if !y.Selected {
			note("Anno " + ys + ": sono indicati importi ma l'annualità non è spuntata.")
		}
		sum, complete := y.Computed()
		switch {
		case len(y.Lines) == 0 && !y.DeclaredTotal.Set:
			miss("Anno " + ys + ": importo programmato non indicato.")
		case !complete:
			miss("Anno " + ys + ": importo da definire (€ ____).")
		case y.DeclaredTotal.Set && y.DeclaredTotal.V != sum: // with no amount per source the sum is zero
			bad("Anno " + ys + ": il totale stampato " + money(y.DeclaredTotal.V) + " non è la somma degli importi per fonte (" +
				money(sum) + "): differenza " + money(abs(y.DeclaredTotal.V-sum)) + ".")
		}
		for _, l := range y.Lines {
			if l.SourceID == 0 && (!l.Amount.Set || l.Amount.V != 0) {
				miss("Anno " + ys + ": fonte di finanziamento non indicata per un importo.")
				break
			}
		}
	}
	if programmed == 0 {
		miss("Nessuna annualità programmata: importi da definire.")
	}
	if total, complete := s.Computed(); complete && programmed > 0 && s.DeclaredTotal.Set && s.DeclaredTotal.V != total {
		bad("Il totale stampato " + money(s.DeclaredTotal.V) + " non è la somma delle annualità (" + money(total) +
			"): differenza " + money(abs(s.DeclaredTotal.V-total)) + ".")
	}
	if fw := p.Framework; fw != nil {
		for _, o := range s.Objectives {
			if o.Other() {
				note("Obiettivo non previsto dal quadro regionale: «" + o.Quoted + "».")
				continue
			}
			fo := fw.Objective(o.Area, o.Letter)
			area := fw.Area(o.Area)
			if fo == nil || area == nil {
				continue // CheckSheet refuses these
			}
			if !s.HasArea(o.Area) {
				bad("L'obiettivo " + o.Letter + " dell'area «" + area.Title + "» appartiene a un'area strategica non indicata nella scheda.")
			}
			if o.Quoted != "" && !SameTitle(o.Quoted, fo.Title) {
				bad("L'obiettivo " + o.Letter + " dell'area «" + area.Title + "» è citato come «" + strings.TrimSpace(o.Quoted) +
					"», ma nel quadro regionale il suo titolo è «" + fo.Title + "».")
			}
		}
	}
	for _, sv := range s.Services {
		name := "«" + sv.Name + "»: "
		if strings.TrimSpace(sv.Users) == "" && !sv.UsersCount.Set {
			miss(name + "utenza non indicata.")
		}
		if len(sv.Articles) == 0 && strings.TrimSpace(sv.OtherRef) == "" {
			miss(name + "articolo del R.R. 4/2007 o altro riferimento normativo non indicato.")
		}
		if strings.TrimSpace(sv.Documents) == "" {
			miss(name + "documenti collegati non indicati.")
		}
		if strings.TrimSpace(sv.Operators) == "" {
			miss(name + "profilo degli operatori non indicato.")
		}
		if strings.TrimSpace(sv.Actions) == "" {
			miss(name + "azioni da realizzare non indicate.")
		}
	}
	return out
}

// Incomplete reports whether findings include something missing.
func Incomplete(fs []Finding) bool {
	for _, f := range fs {
		if f.Kind == FindingMissing {
			return true
		}
	}
	return false
}

// CountFindings counts the findings of a kind.
func CountFindings(fs []Finding, kind string) int {
	n := 0
	for _, f := range fs {
		if f.Kind == kind {
			n++
		}
	}
	return n
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// SameTitle reports whether a quoted objective title is the framework's:
// equal once case, punctuation and spacing are ignored, a truncated quote
// of it, or different by a few letters ("socio-sanitario"/"socio-sanitaria").
func SameTitle(quoted, title string) bool {
	a, b := foldTitle(quoted), foldTitle(title)
	if a == b || strings.HasPrefix(b, a) || strings.HasPrefix(a, b) {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	limit := len(rb) * 3 / 100
	if limit < 3 {
		limit = 3
	}
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return false
	}
	return editDistance(ra, rb, limit) <= limit
}

// foldTitle lowercases and keeps letters and digits separated by single spaces.
func foldTitle(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// editDistance is the Levenshtein distance, stopping early above limit.
func editDistance(a, b []rune, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return best
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
