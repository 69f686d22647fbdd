package pdz

import "strings"

// AgeBand is one of the age bands of the community profile.
type AgeBand struct {
	Code     string // "0-3", "65+"
	Label    string // "0-3 anni", "65 anni e oltre"
	From, To int    // inclusive; To -1 for the open band
}

// AgeBands are the bands seed 003 uses: they align with ISTAT's indices
// (0-14 = 0-3 + 4-14; 15-64 = 15-17 + 18-29 + 30-64; 65+).
var AgeBands = []AgeBand{
	{"0-3", "0-3 anni", 0, 3},
	{"4-14", "4-14 anni", 4, 14},
	{"15-17", "15-17 anni", 15, 17},
	{"18-29", "18-29 anni", 18, 29},
	{"30-64", "30-64 anni", 30, 64},
	{"65+", "65 anni e oltre", 65, -1},
}

// BandOf returns the index of the band of an age in years.
func BandOf(age int) int {
	for i, b := range AgeBands {
		if age >= b.From && (b.To < 0 || age <= b.To) {
			return i
		}
	}
	return -1
}

// ProfileRow is the raw demographic data of one Comune at one reference
// date (or of the whole Ambito, ComuneID 0, when a document gives a figure
// only for the Ambito, such as its surface). Every total, share and index is
// computed from these rows, never typed.
type ProfileRow struct {
	ID           int64
	PlanID       int64
	Date         Date
	ComuneID     int64  // 0: the whole Ambito
	ComuneName   string // loaded
	Bands        [6]OptInt
	Households   OptInt
	Surface      OptInt // hundredths of km²
	Emigrations  OptInt
	Immigrations OptInt
	Source       string // "Anagrafi comunali", "ISTAT POSAS"
	Notes        string
}

// HasBands reports whether every age band is given.
func (r *ProfileRow) HasBands() bool {
	for _, b := range r.Bands {
		if !b.Set {
			return false
		}
	}
	return true
}

// Validate checks a profile row.
func (r *ProfileRow) Validate() error {
	p := Problems{}
	if r.Date.IsZero() {
		p.Add("date", "Indica la data di riferimento (es. 31/12/2021).")
	}
	for i, b := range r.Bands {
		if b.Set && b.V < 0 {
			p.Add("band_"+itoa(i), "La popolazione non può essere negativa.")
		}
	}
	for _, f := range []struct {
		name string
		v    OptInt
	}{{"households", r.Households}, {"surface", r.Surface}, {"emigrations", r.Emigrations}, {"immigrations", r.Immigrations}} {
		if f.v.Set && f.v.V < 0 {
			p.Add(f.name, "Il valore non può essere negativo.")
		}
	}
	if r.Surface.Set && r.Surface.V == 0 {
		p.Add("surface", "La superficie deve essere maggiore di zero.")
	}
	r.Source = strings.TrimSpace(r.Source)
	maxLen(p, "source", r.Source, 300)
	maxLen(p, "notes", r.Notes, 2000)
	return p.Err()
}

// QuantityKind tells how a quantity is compared with its computed value.
type QuantityKind int

const (
	KindCount   QuantityKind = iota // people, households: exact
	KindSigned                      // balances and changes: exact, may be negative
	KindRatio                       // average household size, density
	KindPercent                     // shares and indices
	KindArea                        // km²
)

// Quantity is a figure a community profile can declare (print) and pdz can
// compute. MinScale is the coarsest rounding accepted as "the same figure":
// a ratio printed with one decimal ("2,5") may round 2,54, an integer ("2")
// for an average household size does not stand for 2,41.
type Quantity struct {
	Code     string
	Label    string
	Kind     QuantityKind
	MinScale int
}

// Quantities lists every quantity of the profile.
var Quantities = []Quantity{
	{"popolazione", "Popolazione residente", KindCount, 0},
	{"fascia_0_3", "Popolazione 0-3 anni", KindCount, 0},
	{"fascia_4_14", "Popolazione 4-14 anni", KindCount, 0},
	{"fascia_15_17", "Popolazione 15-17 anni", KindCount, 0},
	{"fascia_18_29", "Popolazione 18-29 anni", KindCount, 0},
	{"fascia_30_64", "Popolazione 30-64 anni", KindCount, 0},
	{"fascia_65", "Popolazione 65 anni e oltre", KindCount, 0},
	{"minori", "Popolazione 0-17 anni", KindCount, 0},
	{"quota_0_3", "Quota 0-3 anni (%)", KindPercent, 1},
	{"quota_4_14", "Quota 4-14 anni (%)", KindPercent, 1},
	{"quota_15_17", "Quota 15-17 anni (%)", KindPercent, 1},
	{"quota_18_29", "Quota 18-29 anni (%)", KindPercent, 1},
	{"quota_30_64", "Quota 30-64 anni (%)", KindPercent, 1},
	{"quota_65", "Quota 65 anni e oltre (%)", KindPercent, 1},
	{"quota_minori", "Quota 0-17 anni (%)", KindPercent, 1},
	{"famiglie", "Famiglie", KindCount, 0},
	{"ampiezza_famiglie", "Numero medio di componenti per famiglia", KindRatio, 1},
	{"superficie", "Superficie (km²)", KindArea, 1},
	{"densita", "Densità (abitanti per km²)", KindRatio, 1},
	{"emigrati", "Emigrazioni", KindCount, 0},
	{"immigrati", "Immigrazioni", KindCount, 0},
	{"saldo_migratorio", "Saldo migratorio", KindSigned, 0},
	{"indice_vecchiaia", "Indice di vecchiaia (65+ per 100 di 0-14)", KindPercent, 1},
	{"indice_dipendenza", "Indice di dipendenza strutturale ((0-14 + 65+) per 100 di 15-64)", KindPercent, 1},
	{"var_popolazione", "Variazione della popolazione dalla data precedente", KindSigned, 0},
	{"var_minori", "Variazione della popolazione 0-17 dalla data precedente", KindSigned, 0},
	{"var_65", "Variazione della popolazione 65+ dalla data precedente", KindSigned, 0},
	{"var_famiglie", "Variazione delle famiglie dalla data precedente", KindSigned, 0},
}

// QuantityOf returns the quantity with that code, nil if none.
func QuantityOf(code string) *Quantity {
	for i := range Quantities {
		if Quantities[i].Code == code {
			return &Quantities[i]
		}
	}
	return nil
}

// DeclaredFigure is a figure as a document prints it ("Casarano 3,2"), kept
// beside the raw data so that the product can show declared against
// computed and flag where they disagree.
type DeclaredFigure struct {
	ID         int64
	PlanID     int64
	Position   int
	Date       Date
	ComuneID   int64 // 0: the whole Ambito
	ComuneName string
	Quantity   string
	Value      Decimal
	Table      string // where it is printed: "Tabella n. 1", "testo, cap. I"
	Notes      string
}

// Validate checks a declared figure.
func (d *DeclaredFigure) Validate() error {
	p := Problems{}
	if d.Date.IsZero() {
		p.Add("date", "Indica la data di riferimento del dato.")
	}
	q := QuantityOf(d.Quantity)
	if q == nil {
		p.Add("quantity", "Scegli la grandezza a cui si riferisce il dato.")
	} else if d.Value.Units < 0 && q.Kind != KindSigned {
		p.Add("value", "Questa grandezza non può essere negativa.")
	}
	d.Table = strings.TrimSpace(d.Table)
	required(p, "table", d.Table, "Indica dove il documento riporta il dato (es. Tabella n. 1).")
	maxLen(p, "table", d.Table, 200)
	maxLen(p, "notes", d.Notes, 2000)
	return p.Err()
}
