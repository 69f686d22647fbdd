package spreadsheet

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Number formats of the XLSX cells. Excel shows the separators of the
// reader's locale (in Italy 1.234,56).
var (
	fmtInt      = "#,##0"
	fmtYear     = "0"
	fmtMoney    = `#,##0.00\ "€"`
	fmtDate     = "dd/mm/yyyy"
	fmtDateTime = "dd/mm/yyyy hh:mm"
)

// WriteXLSX writes the workbook as an Office Open XML spreadsheet, one
// worksheet per sheet, the header row bold and frozen.
func (wb *Workbook) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if wb.Title != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: cleanText(wb.Title), Creator: "pdz", Language: "it-IT"}); err != nil {
			return err
		}
	}
	style := func(s *excelize.Style) (int, error) { return f.NewStyle(s) }
	head, err := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F2"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	text, err := style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	styles := map[Kind]int{KindText: text}
	for k, code := range map[Kind]*string{KindInt: &fmtInt, KindYear: &fmtYear, KindMoney: &fmtMoney, KindDate: &fmtDate, KindDateTime: &fmtDateTime} {
		if styles[k], err = style(&excelize.Style{CustomNumFmt: code, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
			return err
		}
	}
	var decimals [maxScale + 1]int // a number format per number of decimals
	for sc := range decimals {
		code := "#,##0"
		if sc > 0 {
			code += "." + strings.Repeat("0", sc)
		}
		if decimals[sc], err = style(&excelize.Style{CustomNumFmt: &code, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
			return err
		}
	}
	styleOf := func(c Cell) int {
		if c.Kind == KindDecimal {
			return decimals[min(c.Scale, maxScale)]
		}
		return styles[c.Kind]
	}
	names := sheetNames(wb.Sheets)
	if len(wb.Sheets) == 0 {
		names = []string{"Foglio1"}
		wb = &Workbook{Sheets: []*Sheet{{}}}
	}
	for i, s := range wb.Sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", names[0]); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(names[i]); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(names[i])
		if err != nil {
			return err
		}
		for c, col := range s.Columns {
			if err := sw.SetColWidth(c+1, c+1, col.width()); err != nil {
				return err
			}
		}
		if len(s.Columns) > 0 {
			if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
				return err
			}
			row := make([]any, len(s.Columns))
			for c, col := range s.Columns {
				row[c] = excelize.Cell{StyleID: head, Value: cleanText(col.Title)}
			}
			if err := sw.SetRow("A1", row); err != nil {
				return err
			}
		}
		for r, cells := range s.Rows {
			row := make([]any, len(cells))
			for c, cell := range cells {
				row[c] = excelize.Cell{StyleID: styleOf(cell), Value: xlsxValue(cell)}
			}
			ref, err := excelize.CoordinatesToCellName(1, r+2)
			if err != nil {
				return err
			}
			if err := sw.SetRow(ref, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func xlsxValue(c Cell) any {
	switch c.Kind {
	case KindInt, KindYear:
		return c.Int
	case KindMoney:
		return float64(c.Int) / 100
	case KindDecimal:
		f, _ := strconv.ParseFloat(decimalPlain(c.Int, c.Scale, "."), 64)
		return f
	case KindDate, KindDateTime:
		return c.Time // UTC wall clock: excelize adds no offset
	}
	if c.Text == "" {
		return nil
	}
	return cleanText(c.Text)
}
