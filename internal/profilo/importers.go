package profilo

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Imports are all or nothing: a file with a single mistake imports nothing,
// and the error names the line and the column to fix.

// MaxImportSize bounds an uploaded file (a province's POSAS file is ~1 MB).
const MaxImportSize = 8 << 20

// LineError is a problem at a line (and column) of an imported file.
type LineError struct {
	Line   int
	Column string
	Msg    string
}

func (e *LineError) Error() string {
	switch {
	case e.Line > 0 && e.Column != "":
		return fmt.Sprintf("Riga %d, colonna «%s»: %s", e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("Riga %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// asDomain makes an import error a pdz.Error the web layer can show.
func asDomain(err error) error {
	if err == nil {
		return nil
	}
	var le *LineError
	if errors.As(err, &le) {
		return &pdz.Error{Code: pdz.EINVALID, Message: "Il file non è stato importato. " + le.Error() + ".", Err: err}
	}
	return err
}

// ReadText, ImportError and CSVLineError are the pieces of these importers
// that the other importers of the plan (the previous plan's progress, in
// package risorse) share, so that every import reads files and words its
// errors the same way.

// ReadText reads an imported text file as readAll does.
func ReadText(r io.Reader) (string, error) { return readAll(r) }

// ImportError makes an import error a pdz.Error the web layer can show.
func ImportError(err error) error { return asDomain(err) }

// CSVLineError words an encoding/csv error as a LineError.
func CSVLineError(err error) error { return csvError(err) }

// readAll reads a text file: UTF-8 (with or without BOM) or, failing that,
// Windows-1252 as spreadsheets on Italian PCs save it.
func readAll(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return "", &LineError{Msg: "il file non si può leggere"}
	}
	if len(b) > MaxImportSize {
		return "", &LineError{Msg: "il file è troppo grande (al massimo 8 MB)"}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b), nil
	}
	return decode1252(b), nil
}

var cp1252 = map[byte]rune{0x80: '€', 0x82: '‚', 0x84: '„', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—'}

func decode1252(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if r, ok := cp1252[c]; ok {
			sb.WriteRune(r)
		} else {
			sb.WriteRune(rune(c)) // Latin-1 for the rest
		}
	}
	return sb.String()
}

// comuneIndex finds the Ambito's Comuni by ISTAT code and by name.
type comuneIndex struct {
	byCode map[string]pdz.Comune
	byName map[string]pdz.Comune
}

func newIndex(cs []pdz.Comune) comuneIndex {
	ix := comuneIndex{byCode: map[string]pdz.Comune{}, byName: map[string]pdz.Comune{}}
	for _, c := range cs {
		if c.IstatCode != "" {
			ix.byCode[c.IstatCode] = c
		}
		ix.byName[strings.ToLower(strings.TrimSpace(c.Name))] = c
	}
	return ix
}

// istat pads a code to six digits ("75016" → "075016").
func istat(s string) string {
	s = strings.TrimSpace(s)
	for len(s) < 6 && len(s) > 0 {
		s = "0" + s
	}
	return s
}

// ---- the CSV format of pdz (docs/PROFILE-CSV.md)

// CSVColumns are the columns of the profile CSV, in the order pdz writes them.
var CSVColumns = []string{"data", "comune", "codice_istat", "0-3", "4-14", "15-17", "18-29", "30-64", "65+",
	"famiglie", "superficie_kmq", "emigrati", "immigrati", "fonte", "note"}

// AmbitoRow is what the "comune" column says for a row about the whole Ambito.
const AmbitoRow = "AMBITO"

// ReadCSV reads the profile CSV: a header row naming the columns (any order,
// any subset that includes "data" and "comune" or "codice_istat"), then one
// row per Comune and date. Separator ";" or ",". Empty cell: figure not
// given. Integers may have Italian thousands dots; the surface may have a
// decimal comma.
func ReadCSV(r io.Reader, comuni []pdz.Comune) ([]pdz.ProfileRow, error) {
	rows, err := readCSV(r, comuni)
	return rows, asDomain(err)
}

func readCSV(r io.Reader, comuni []pdz.Comune) ([]pdz.ProfileRow, error) {
	text, err := readAll(r)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(text, "\n")
	sep := ','
	if strings.Count(first, ";") > strings.Count(first, ",") {
		sep = ';'
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &LineError{Msg: "il file è vuoto"}
	} else if err != nil {
		return nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range CSVColumns {
			known = known || c == name
		}
		if !known {
			return nil, &LineError{Line: 1, Column: h, Msg: "colonna sconosciuta: le colonne ammesse sono " + strings.Join(CSVColumns, ", ")}
		}
		if _, dup := col[name]; dup {
			return nil, &LineError{Line: 1, Column: h, Msg: "colonna ripetuta"}
		}
		col[name] = i
	}
	if _, ok := col["data"]; !ok {
		return nil, &LineError{Line: 1, Msg: "manca la colonna «data»"}
	}
	_, hasName := col["comune"]
	_, hasCode := col["codice_istat"]
	if !hasName && !hasCode {
		return nil, &LineError{Line: 1, Msg: "manca la colonna «comune» (o «codice_istat»)"}
	}
	ix := newIndex(comuni)
	seen := map[string]int{}
	var out []pdz.ProfileRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			return nil, &LineError{Line: line, Msg: "la riga ha " + locale.Count(len(rec), "campo", "campi") + ", l'intestazione " + locale.Int(int64(len(header)))}
		}
		cell := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var row pdz.ProfileRow
		d, err := pdz.ParseDate(cell("data"))
		if err != nil || d.IsZero() {
			return nil, &LineError{Line: line, Column: "data", Msg: "data non valida «" + cell("data") + "»: usa gg/mm/aaaa o aaaa-mm-gg"}
		}
		row.Date = d
		name, code := cell("comune"), cell("codice_istat")
		switch {
		case strings.EqualFold(name, AmbitoRow):
		case code != "":
			c, ok := ix.byCode[istat(code)]
			if !ok {
				return nil, &LineError{Line: line, Column: "codice_istat", Msg: "nessun Comune dell'Ambito ha il codice ISTAT «" + code + "»"}
			}
			if name != "" && !strings.EqualFold(name, c.Name) {
				return nil, &LineError{Line: line, Column: "comune", Msg: "«" + name + "» non corrisponde al codice ISTAT " + code + " (" + c.Name + ")"}
			}
			row.ComuneID, row.ComuneName = c.ID, c.Name
		case name != "":
			c, ok := ix.byName[strings.ToLower(name)]
			if !ok {
				return nil, &LineError{Line: line, Column: "comune", Msg: "«" + name + "» non è un Comune dell'Ambito (per una riga dell'intero Ambito scrivere " + AmbitoRow + ")"}
			}
			row.ComuneID, row.ComuneName = c.ID, c.Name
		default:
			return nil, &LineError{Line: line, Column: "comune", Msg: "indica il Comune (o " + AmbitoRow + " per l'intero Ambito)"}
		}
		key := d.String() + "|" + strconv.FormatInt(row.ComuneID, 10)
		if prev, dup := seen[key]; dup {
			return nil, &LineError{Line: line, Msg: fmt.Sprintf("stesso Comune e stessa data della riga %d", prev)}
		}
		seen[key] = line
		for i, b := range pdz.AgeBands {
			if row.Bands[i], err = intCell(cell(b.Code), line, b.Code); err != nil {
				return nil, err
			}
		}
		for _, f := range []struct {
			name string
			dst  *pdz.OptInt
		}{{"famiglie", &row.Households}, {"emigrati", &row.Emigrations}, {"immigrati", &row.Immigrations}} {
			if *f.dst, err = intCell(cell(f.name), line, f.name); err != nil {
				return nil, err
			}
		}
		if s := cell("superficie_kmq"); s != "" {
			v, err := pdz.ParseDecimal(s)
			if err != nil || v.Units <= 0 || v.Scale > 2 {
				return nil, &LineError{Line: line, Column: "superficie_kmq", Msg: "«" + s + "» non è una superficie in km² (es. 38,75)"}
			}
			u := v.Units
			for i := v.Scale; i < 2; i++ {
				u *= 10
			}
			row.Surface = pdz.Some(u)
		}
		row.Source, row.Notes = cell("fonte"), cell("note")
		if len([]rune(row.Source)) > 300 || len([]rune(row.Notes)) > 2000 {
			return nil, &LineError{Line: line, Msg: "testo troppo lungo nelle colonne «fonte» o «note»"}
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, &LineError{Msg: "il file non contiene righe di dati dopo l'intestazione"}
	}
	return out, nil
}

func intCell(s string, line int, col string) (pdz.OptInt, error) {
	if s == "" {
		return pdz.OptInt{}, nil
	}
	d, err := pdz.ParseDecimal(s)
	if err != nil || d.Scale != 0 || d.Units < 0 || d.Units > 1e9 {
		return pdz.OptInt{}, &LineError{Line: line, Column: col, Msg: "«" + s + "» non è un numero intero non negativo"}
	}
	return pdz.Some(d.Units), nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{Line: pe.Line, Msg: "testo CSV non valido (virgolette non chiuse o fuori posto)"}
	}
	return &LineError{Msg: "il file non è un CSV leggibile"}
}

// WriteCSV writes rows in the profile CSV format (';' separated, as Italian
// spreadsheets expect), one row per Comune and date.
func WriteCSV(w io.Writer, rows []pdz.ProfileRow, comuni []pdz.Comune) error {
	codes := map[int64]string{}
	for _, c := range comuni {
		codes[c.ID] = c.IstatCode
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write(CSVColumns)
	num := func(o pdz.OptInt) string {
		if !o.Set {
			return ""
		}
		return strconv.FormatInt(o.V, 10)
	}
	for _, r := range rows {
		name := r.ComuneName
		if r.ComuneID == 0 {
			name = AmbitoRow
		}
		surface := ""
		if r.Surface.Set {
			surface = pdz.Decimal{Units: r.Surface.V, Scale: 2}.Italian()
		}
		rec := []string{locale.ShortDate(r.Date), name, codes[r.ComuneID]}
		for _, b := range r.Bands {
			rec = append(rec, num(b))
		}
		rec = append(rec, num(r.Households), surface, num(r.Emigrations), num(r.Immigrations), r.Source, r.Notes)
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// ---- ISTAT POSAS

// POSASHeader is the header of ISTAT's file of resident population by single
// year of age (POSAS), after its title row.
var POSASHeader = []string{"Codice comune", "Comune", "Età", "Totale maschi", "Totale femmine", "Totale"}

// POSASTotalAge is the age code of the total row of each Comune.
const POSASTotalAge = 999

// POSASMaxAge is the last age row ("100 e oltre").
const POSASMaxAge = 100

// POSASResult is what a POSAS file gives for the Ambito.
type POSASResult struct {
	Rows    []pdz.ProfileRow
	Date    pdz.Date // the reference date used
	Ignored int      // Comuni of the file outside the Ambito
	Missing []string // Comuni of the Ambito absent from the file
}

var titleDateRE = regexp.MustCompile(`(?i)1\s*°?\s*gennaio\s+(\d{4})`)

// ReadPOSAS reads ISTAT's POSAS file: a title row (skipped), the header
// "Codice comune;Comune;Età;Totale maschi;Totale femmine;Totale", then one
// row per Comune and age 0-100, and a row with age 999 giving the Comune's
// total. Ages are summed into the plan's bands; each Comune must have every
// age once, each row's total must be males plus females, and the 999 row
// must equal the sum of the ages. Comuni outside the Ambito are ignored.
// The reference date is date when given, else the title's "1° gennaio
// AAAA", which is the population at 31 December of the year before.
func ReadPOSAS(r io.Reader, comuni []pdz.Comune, date pdz.Date) (POSASResult, error) {
	res, err := readPOSAS(r, comuni, date)
	return res, asDomain(err)
}

func readPOSAS(r io.Reader, comuni []pdz.Comune, date pdz.Date) (POSASResult, error) {
	var res POSASResult
	text, err := readAll(r)
	if err != nil {
		return res, err
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), MaxImportSize)
	if !sc.Scan() {
		return res, &LineError{Msg: "il file è vuoto"}
	}
	title := sc.Text()
	if date.IsZero() {
		m := titleDateRE.FindStringSubmatch(title)
		if m == nil {
			return res, &LineError{Line: 1, Msg: "la riga del titolo non indica la data («1° gennaio AAAA»): indica la data di riferimento nel modulo"}
		}
		y, _ := strconv.Atoi(m[1])
		date = pdz.NewDate(y-1, 12, 31)
	}
	res.Date = date
	rest := text[len(title):]
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "\r"), "\n")
	cr := csv.NewReader(strings.NewReader(rest))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return res, &LineError{Line: 2, Msg: "manca l'intestazione «" + strings.Join(POSASHeader, ";") + "»"}
	} else if err != nil {
		return res, shiftLine(csvError(err), 1)
	}
	if len(header) != len(POSASHeader) {
		return res, &LineError{Line: 2, Msg: "intestazione non riconosciuta: attesa «" + strings.Join(POSASHeader, ";") + "»"}
	}
	for i, h := range header {
		if !strings.EqualFold(strings.TrimSpace(h), POSASHeader[i]) {
			return res, &LineError{Line: 2, Column: h, Msg: "attesa la colonna «" + POSASHeader[i] + "» in posizione " + strconv.Itoa(i+1)}
		}
	}
	ix := newIndex(comuni)
	type acc struct {
		c      pdz.Comune
		bands  [6]int64
		seen   [POSASMaxAge + 1]bool
		sum    int64
		total  int64
		gotTot bool
		totRow int
	}
	byCode := map[string]*acc{}
	var order []string
	ignored := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return res, shiftLine(csvError(err), 1)
		}
		line, _ := cr.FieldPos(0)
		line++ // the title row was cut off
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(POSASHeader) {
			return res, &LineError{Line: line, Msg: "la riga ha " + locale.Count(len(rec), "campo", "campi") + " invece di " + locale.Int(int64(len(POSASHeader)))}
		}
		code := istat(rec[0])
		if len(code) != 6 || !allDigits(code) {
			return res, &LineError{Line: line, Column: POSASHeader[0], Msg: "«" + rec[0] + "» non è un codice ISTAT di Comune"}
		}
		nums := [4]int64{}
		for i := 2; i < 6; i++ {
			v, err := strconv.ParseInt(strings.TrimSpace(rec[i]), 10, 64)
			if err != nil || v < 0 || v > 1e9 {
				return res, &LineError{Line: line, Column: POSASHeader[i], Msg: "«" + rec[i] + "» non è un numero intero non negativo"}
			}
			nums[i-2] = v
		}
		age, males, females, total := nums[0], nums[1], nums[2], nums[3]
		if males+females != total {
			return res, &LineError{Line: line, Column: POSASHeader[5], Msg: fmt.Sprintf("%s non è la somma di maschi e femmine (%s + %s)",
				locale.Int(total), locale.Int(males), locale.Int(females))}
		}
		c, inAmbito := ix.byCode[code]
		if !inAmbito {
			ignored[code] = true
			if age != POSASTotalAge && age > POSASMaxAge {
				return res, &LineError{Line: line, Column: POSASHeader[2], Msg: "età «" + rec[2] + "» non valida (0-100, o 999 per il totale)"}
			}
			continue
		}
		a := byCode[code]
		if a == nil {
			a = &acc{c: c}
			byCode[code] = a
			order = append(order, code)
		}
		switch {
		case age == POSASTotalAge:
			if a.gotTot {
				return res, &LineError{Line: line, Column: POSASHeader[2], Msg: "riga del totale (999) ripetuta per " + c.Name}
			}
			a.gotTot, a.total, a.totRow = true, total, line
		case age <= POSASMaxAge:
			if a.seen[age] {
				return res, &LineError{Line: line, Column: POSASHeader[2], Msg: fmt.Sprintf("età %d ripetuta per %s", age, c.Name)}
			}
			a.seen[age] = true
			a.bands[pdz.BandOf(int(age))] += total
			a.sum += total
		default:
			return res, &LineError{Line: line, Column: POSASHeader[2], Msg: "età «" + rec[2] + "» non valida (0-100, o 999 per il totale)"}
		}
	}
	if len(order) == 0 {
		return res, &LineError{Msg: "nessun Comune dell'Ambito nel file (i Comuni sono riconosciuti dal codice ISTAT: verificali nei dati dell'Ambito)"}
	}
	for _, code := range order {
		a := byCode[code]
		var missing []string
		for age := 0; age <= POSASMaxAge; age++ {
			if !a.seen[age] {
				missing = append(missing, strconv.Itoa(age))
			}
		}
		if len(missing) > 0 {
			if len(missing) > 5 {
				missing = append(missing[:5], "…")
			}
			return res, &LineError{Msg: "per " + a.c.Name + " mancano le età " + strings.Join(missing, ", ")}
		}
		if !a.gotTot {
			return res, &LineError{Msg: "per " + a.c.Name + " manca la riga del totale (Età 999)"}
		}
		if a.total != a.sum {
			return res, &LineError{Line: a.totRow, Column: POSASHeader[5], Msg: fmt.Sprintf("il totale di %s è %s, ma la somma delle età è %s",
				a.c.Name, locale.Int(a.total), locale.Int(a.sum))}
		}
		row := pdz.ProfileRow{Date: date, ComuneID: a.c.ID, ComuneName: a.c.Name, Source: "ISTAT, popolazione residente per età (POSAS)"}
		for i, v := range a.bands {
			row.Bands[i] = pdz.Some(v)
		}
		res.Rows = append(res.Rows, row)
	}
	for _, c := range comuni {
		if _, ok := byCode[c.IstatCode]; !ok {
			res.Missing = append(res.Missing, c.Name)
		}
	}
	res.Ignored = len(ignored)
	return res, nil
}

func shiftLine(err error, n int) error {
	var le *LineError
	if errors.As(err, &le) && le.Line > 0 {
		le.Line += n
	}
	return err
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
