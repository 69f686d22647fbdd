// Package spreadsheet writes tables as spreadsheets: XLSX (through
// github.com/xuri/excelize/v2), ODS (OpenDocument, written here: no
// maintained Go library writes it) and CSV in the form Italian Excel opens
// directly (UTF-8 with BOM, semicolons, decimal comma).
//
// A Workbook is sheets of rows of typed cells: text, integer, money in euro
// cents, date, date and time. The same workbook gives the same cells in the
// three formats. The package knows nothing of registrations or finance: the
// callers build the rows.
package spreadsheet

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the type of a cell.
type Kind uint8

const (
	KindText     Kind = iota
	KindInt           // an integer
	KindMoney         // euro cents, shown as euro with two decimals
	KindDate          // a calendar day
	KindDateTime      // a day and a wall-clock time, to the minute
	KindDecimal       // a number with decimals: Int units of 10^-Scale (a percentage, a count of full-time staff)
	KindYear          // a calendar year: a number shown without thousands separator (2023, never 2.023)
)

// Cell is one typed value.
type Cell struct {
	Kind Kind
	Text string
	Int  int64     // the integer, the cents of money, the units of a decimal
	Time time.Time // the day (its Y/M/D) or the wall clock (its Y/M/D h:m) as given
	// Scale is the number of decimals of a decimal (0-4): its value is
	// Int / 10^Scale, shown with exactly that many decimals.
	Scale uint8
}

// Text is a text cell.
func Text(s string) Cell { return Cell{Kind: KindText, Text: s} }

// Int is an integer cell.
func Int(n int64) Cell { return Cell{Kind: KindInt, Int: n} }

// Year is a calendar year: a number, shown as 2023 (an Int would be
// 2.023 in an Italian spreadsheet).
func Year(y int) Cell { return Cell{Kind: KindYear, Int: int64(y)} }

// Money is an amount in euro cents.
func Money(cents int64) Cell { return Cell{Kind: KindMoney, Int: cents} }

// Decimal is units × 10^-scale, shown with scale decimals (at most 4): a
// computed value written as a number, not a formula (169,46 is
// Decimal(16946, 2)).
func Decimal(units int64, scale int) Cell {
	return Cell{Kind: KindDecimal, Int: units, Scale: uint8(min(max(scale, 0), maxScale))}
}

const maxScale = 4

// decimalPlain is a decimal as "-1234,56" with the given separator.
func decimalPlain(units int64, scale uint8, sep string) string {
	sign := ""
	if units < 0 {
		sign, units = "-", -units
	}
	s := strconv.FormatInt(units, 10)
	if scale == 0 {
		return sign + s
	}
	for len(s) <= int(scale) {
		s = "0" + s
	}
	return sign + s[:len(s)-int(scale)] + sep + s[len(s)-int(scale):]
}

// Date is the calendar day of t (in t's own location); the zero time is an
// empty cell.
func Date(t time.Time) Cell {
	if t.IsZero() {
		return Text("")
	}
	return Cell{Kind: KindDate, Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// DateTime is the day and wall-clock time of t in its own location (pass
// t.In(zone) to choose the zone); the zero time is an empty cell.
func DateTime(t time.Time) Cell {
	if t.IsZero() {
		return Text("")
	}
	return Cell{Kind: KindDateTime, Time: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)}
}

// Column is a column's heading and width in characters (0: a default).
type Column struct {
	Title string
	Width float64
}

// Sheet is a table: a header row of column titles, then the rows.
type Sheet struct {
	Name    string
	Columns []Column
	Rows    [][]Cell
}

// Add appends a row.
func (s *Sheet) Add(cells ...Cell) { s.Rows = append(s.Rows, cells) }

// Workbook is one or more sheets.
type Workbook struct {
	Title  string // document title (metadata)
	Sheets []*Sheet
}

// Sheet adds a sheet and returns it.
func (wb *Workbook) Sheet(name string, cols ...Column) *Sheet {
	s := &Sheet{Name: name, Columns: cols}
	wb.Sheets = append(wb.Sheets, s)
	return s
}

// maxCellChars is the most a spreadsheet cell holds (Excel's limit).
const maxCellChars = 32767

// cleanText drops the characters XML cannot carry (control characters
// other than tab and newline, invalid UTF-8) and cuts the text to what a
// cell holds.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	clean := true
	for _, r := range s {
		if !xmlChar(r) {
			clean = false
			break
		}
	}
	if !clean || !utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune {
			if r == utf8.RuneError || !xmlChar(r) {
				return -1
			}
			return r
		}, strings.ToValidUTF8(s, ""))
	}
	if utf8.RuneCountInString(s) > maxCellChars {
		s = string([]rune(s)[:maxCellChars])
	}
	return s
}

func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// sheetNames makes the names valid and distinct: at most 31 characters,
// none of []:*?/\ (the rules of Excel, which ODS readers accept too).
func sheetNames(sheets []*Sheet) []string {
	seen := map[string]bool{}
	out := make([]string, len(sheets))
	for i, s := range sheets {
		name := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) || !xmlChar(r) || r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, strings.TrimSpace(s.Name))
		name = strings.Trim(name, "' ")
		if name == "" {
			name = "Foglio"
		}
		base := []rune(name)
		if len(base) > 31 {
			base = base[:31]
		}
		name = string(base)
		for n := 2; seen[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			b := base
			if len(b)+len(suffix) > 31 {
				b = b[:31-len(suffix)]
			}
			name = string(b) + suffix
		}
		seen[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// width is a column's width in characters.
func (c Column) width() float64 {
	if c.Width > 0 {
		return c.Width
	}
	return max(12, min(40, float64(utf8.RuneCountInString(c.Title))+2))
}
