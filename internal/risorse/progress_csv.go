package risorse

import (
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/pdz-ats/pdz/internal/locale"
	"io"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
)

// The previous plan's spending progress (seed 003 §1.3) as a CSV file, so
// that the UdP can import the summary of its financial report instead of
// typing it (docs/PLAN-FORMAT.md). Like the profile's imports it is all or
// nothing, and an error names the line and the column.

// ProgressCSVColumns are the columns of the progress CSV, in the order pdz
// writes them. "residuo" and "percentuale" are the figures as the report
// prints them: pdz computes both and compares them, it never uses them.
var ProgressCSVColumns = []string{"fondo", "periodo", "programmato", "impegnato", "liquidato", "residuo", "percentuale",
	"fonte_residui", "note"}

// ProgressTable is the name, in the checks, of the table the printed
// residual and percentage of an imported file come from.
const ProgressTable = "Sintesi dell'avanzamento importata (CSV)"

// ProgressImport is what a progress CSV holds: the rows, with the source
// receiving each residual resolved (TargetID, TargetCode), and the figures
// the file prints for the residual and the percentage, as declared figures
// about the row's fund.
type ProgressImport struct {
	Rows     []pdz.Progress
	Declared []pdz.DeclaredMoney
}

// ReadProgressCSV reads the progress CSV: a header row naming the columns
// (any order, any subset that includes "fondo"), then one row per fund.
// Separator ";" or ","; amounts in euro as Italian documents print them
// ("€ 5.478.132,88"); an empty cell is a figure not given. "fonte_residui" is
// the code of one of the plan's sources.
func ReadProgressCSV(r io.Reader, sources []pdz.FundingSource) (ProgressImport, error) {
	in, err := readProgressCSV(r, sources)
	if err != nil {
		return ProgressImport{}, profilo.ImportError(err)
	}
	return in, nil
}

func readProgressCSV(r io.Reader, sources []pdz.FundingSource) (ProgressImport, error) {
	var out ProgressImport
	text, err := profilo.ReadText(r)
	if err != nil {
		return out, err
	}
	first, _, _ := strings.Cut(text, "\n")
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = ','
	if strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return out, &profilo.LineError{Msg: "il file è vuoto"}
	} else if err != nil {
		return out, profilo.CSVLineError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range ProgressCSVColumns {
			known = known || c == name
		}
		if !known {
			return out, &profilo.LineError{Line: 1, Column: h, Msg: "colonna sconosciuta: le colonne ammesse sono " + strings.Join(ProgressCSVColumns, ", ")}
		}
		if _, dup := col[name]; dup {
			return out, &profilo.LineError{Line: 1, Column: h, Msg: "colonna ripetuta"}
		}
		col[name] = i
	}
	if _, ok := col["fondo"]; !ok {
		return out, &profilo.LineError{Line: 1, Msg: "manca la colonna «fondo»"}
	}
	codes := map[string]pdz.FundingSource{}
	var known []string
	for _, s := range sources {
		codes[strings.ToUpper(s.Code)] = s
		known = append(known, s.Code)
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return ProgressImport{}, profilo.CSVLineError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			return ProgressImport{}, &profilo.LineError{Line: line, Msg: "la riga ha " + locale.Count(len(rec), "campo", "campi") + ", l'intestazione " + locale.Int(int64(len(header)))}
		}
		cell := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		fail := func(column, msg string) (ProgressImport, error) {
			return ProgressImport{}, &profilo.LineError{Line: line, Column: column, Msg: msg}
		}
		x := pdz.Progress{Fund: cell("fondo"), Period: cell("periodo"), Notes: cell("note")}
		switch {
		case x.Fund == "":
			return fail("fondo", "indica il fondo o il piano (es. PdZ 2018-2021)")
		case len([]rune(x.Fund)) > 200:
			return fail("fondo", "testo troppo lungo (al massimo 200 caratteri)")
		case len([]rune(x.Period)) > 100:
			return fail("periodo", "testo troppo lungo (al massimo 100 caratteri)")
		case len([]rune(x.Notes)) > 2000:
			return fail("note", "testo troppo lungo (al massimo 2000 caratteri)")
		}
		key := strings.ToLower(x.Fund)
		if prev, dup := seen[key]; dup {
			return fail("fondo", fmt.Sprintf("«%s» è già alla riga %d", x.Fund, prev))
		}
		seen[key] = line
		for _, f := range []struct {
			name string
			dst  *pdz.OptInt
		}{{"programmato", &x.Budget}, {"impegnato", &x.Committed}, {"liquidato", &x.Paid}} {
			if *f.dst, err = moneyCell(cell(f.name)); err != nil {
				return fail(f.name, err.Error())
			}
		}
		if code := cell("fonte_residui"); code != "" {
			s, ok := codes[strings.ToUpper(code)]
			if !ok {
				msg := "il piano non ha la fonte «" + code + "»"
				if len(known) > 0 {
					msg += ": le fonti sono " + strings.Join(known, ", ")
				}
				return fail("fonte_residui", msg)
			}
			x.TargetID, x.TargetCode = s.ID, s.Code
		}
		residual, err := moneyCell(cell("residuo"))
		if err != nil {
			return fail("residuo", err.Error())
		}
		if residual.Set {
			out.Declared = append(out.Declared, pdz.DeclaredMoney{Quantity: "avanzamento_residuo", Subject: x.Fund,
				Value: pdz.Decimal{Units: residual.V, Scale: 2}, Table: ProgressTable})
		}
		if s := cell("percentuale"); s != "" {
			d, err := pdz.ParseDecimal(s)
			if err != nil || d.Units < 0 || d.Scale > 2 || d.Units > 1e9 {
				return fail("percentuale", "«"+s+"» non è una percentuale (es. 95 o 95,12)")
			}
			out.Declared = append(out.Declared, pdz.DeclaredMoney{Quantity: "avanzamento_percentuale", Subject: x.Fund,
				Value: d, Table: ProgressTable})
		}
		out.Rows = append(out.Rows, x)
	}
	if len(out.Rows) == 0 {
		return ProgressImport{}, &profilo.LineError{Msg: "il file non contiene righe di dati dopo l'intestazione"}
	}
	return out, nil
}

// moneyCell reads an amount in euro; empty is not given.
func moneyCell(s string) (pdz.OptInt, error) {
	if s == "" {
		return pdz.OptInt{}, nil
	}
	c, err := pdz.ParseMoney(s)
	if errors.Is(err, pdz.ErrMoneyTooLarge) {
		return pdz.OptInt{}, fmt.Errorf("«%s»: %s", s, pdz.MoneyTooLargeReason)
	}
	if err != nil {
		return pdz.OptInt{}, fmt.Errorf("«%s» non è un importo in euro non negativo con al massimo due decimali (es. 5.478.132,88)", s)
	}
	return pdz.Some(c), nil
}

// WriteProgressCSV writes the plan's progress rows in the format
// ReadProgressCSV reads (';' separated, as Italian spreadsheets expect).
// "residuo" and "percentuale" are the figures printed for each fund, when
// the plan has them (declared figures), not the computed ones: a file
// written and read back gives the same rows and the same printed figures.
func WriteProgressCSV(w io.Writer, rows []pdz.Progress, declared []pdz.DeclaredMoney) error {
	printed := func(q, fund string) string {
		for _, d := range declared {
			if d.Quantity == q && d.Subject == fund && d.SourceID == 0 && d.ComuneID == 0 && d.From == 0 {
				return d.Value.Italian()
			}
		}
		return ""
	}
	money := func(o pdz.OptInt) string {
		if !o.Set {
			return ""
		}
		return pdz.MoneyValue(o.V)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(ProgressCSVColumns); err != nil {
		return err
	}
	for _, x := range rows {
		if err := cw.Write([]string{x.Fund, x.Period, money(x.Budget), money(x.Committed), money(x.Paid),
			printed("avanzamento_residuo", x.Fund), printed("avanzamento_percentuale", x.Fund), x.TargetCode, x.Notes}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
