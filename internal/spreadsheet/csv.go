package spreadsheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// WriteCSV writes the sheet as CSV the way Italian Excel opens it by double
// click: UTF-8 with a byte-order mark (otherwise accents break), fields
// separated by semicolons (the comma is the decimal separator), CRLF line
// ends; money with a decimal comma and no thousands separator, dates as
// dd/mm/yyyy. LibreOffice reads the same file.
//
// A text that starts with = + - @ and could be read as a formula calling a
// function gets a leading apostrophe (CSV injection): typed data must not
// run in the spreadsheet of the person who opens the export. Texts made
// only of digits, spaces and + - . / ( ) (telephone numbers) are left alone.
func (s *Sheet) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	head := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		head[i] = csvText(c.Title)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range s.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = csvValue(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvValue(c Cell) string {
	switch c.Kind {
	case KindInt, KindYear:
		return strconv.FormatInt(c.Int, 10)
	case KindMoney:
		return moneyPlain(c.Int, ",")
	case KindDecimal:
		return decimalPlain(c.Int, c.Scale, ",")
	case KindDate:
		return c.Time.Format("02/01/2006")
	case KindDateTime:
		return c.Time.Format("02/01/2006 15:04")
	}
	return csvText(c.Text)
}

// moneyPlain is cents as "-1234,56" with the given decimal separator.
func moneyPlain(cents int64, sep string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	frac := strconv.FormatInt(cents%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(cents/100, 10) + sep + frac
}

// CSVText is a typed text made safe for a CSV file written by hand with
// encoding/csv: the same cleaning and formula guard as WriteCSV.
func CSVText(s string) string { return csvText(s) }

func csvText(s string) string {
	s = cleanText(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && strings.Trim(s, "0123456789 +-./()") != "" {
		return "'" + s
	}
	return s
}
