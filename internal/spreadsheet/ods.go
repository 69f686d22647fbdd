package spreadsheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"time"
)

// The OpenDocument spreadsheet (ODF 1.3, ISO/IEC 26300) written by hand: a
// zip whose first entry is the uncompressed "mimetype", then the manifest,
// the content (sheets, column widths, cell and number styles), the styles
// and the metadata.

const odsMime = "application/vnd.oasis.opendocument.spreadsheet"

const odsNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ` +
	`xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" ` +
	`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/"`

// odsStyles are the number formats and cell styles every content.xml
// declares.
var odsStyles = `<number:number-style style:name="N-year"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>` +
	`<style:style style:name="ce-year" style:family="table-cell" style:data-style-name="N-year"><style:table-cell-properties style:vertical-align="top"/></style:style>` +
	`<number:number-style style:name="N-int"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>` +
	`<number:currency-style style:name="N-eur"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/><number:text> </number:text><number:currency-symbol number:language="it" number:country="IT">€</number:currency-symbol></number:currency-style>` +
	`<number:date-style style:name="N-date"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>` +
	`<number:date-style style:name="N-datetime"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>` +
	`<style:style style:name="ce-head" style:family="table-cell"><style:table-cell-properties fo:background-color="#dce6f2" fo:wrap-option="wrap" style:vertical-align="top"/><style:text-properties fo:font-weight="bold"/></style:style>` +
	`<style:style style:name="ce-text" style:family="table-cell"><style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>` +
	`<style:style style:name="ce-int" style:family="table-cell" style:data-style-name="N-int"><style:table-cell-properties style:vertical-align="top"/></style:style>` +
	`<style:style style:name="ce-eur" style:family="table-cell" style:data-style-name="N-eur"><style:table-cell-properties style:vertical-align="top"/></style:style>` +
	`<style:style style:name="ce-date" style:family="table-cell" style:data-style-name="N-date"><style:table-cell-properties style:vertical-align="top"/></style:style>` +
	`<style:style style:name="ce-datetime" style:family="table-cell" style:data-style-name="N-datetime"><style:table-cell-properties style:vertical-align="top"/></style:style>` +
	odsDecimalStyles()

// odsDecimalStyles declares a number format and a cell style per number of
// decimals of a decimal cell (ce-dec0 … ce-dec4).
func odsDecimalStyles() string {
	var b strings.Builder
	for sc := 0; sc <= maxScale; sc++ {
		n := strconv.Itoa(sc)
		b.WriteString(`<number:number-style style:name="N-dec` + n + `"><number:number number:decimal-places="` + n + `" number:min-decimal-places="` + n +
			`" number:min-integer-digits="1" number:grouping="true"/></number:number-style>`)
		b.WriteString(`<style:style style:name="ce-dec` + n + `" style:family="table-cell" style:data-style-name="N-dec` + n +
			`"><style:table-cell-properties style:vertical-align="top"/></style:style>`)
	}
	return b.String()
}

// WriteODS writes the workbook as an OpenDocument spreadsheet.
func (wb *Workbook) WriteODS(w io.Writer) error {
	z := zip.NewWriter(w)
	now := time.Now()
	// The mimetype first, stored, with its sizes in the local header (no
	// data descriptor), so that programs can recognise the file by its
	// first bytes.
	mh := &zip.FileHeader{Name: "mimetype", Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(odsMime)),
		CompressedSize64: uint64(len(odsMime)), UncompressedSize64: uint64(len(odsMime)), Modified: now}
	mw, err := z.CreateRaw(mh)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mw, odsMime); err != nil {
		return err
	}
	files := []struct {
		name string
		body []byte
	}{
		{"META-INF/manifest.xml", []byte(xml.Header + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
			`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="` + odsMime + `"/>` +
			`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
			`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
			`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` +
			`</manifest:manifest>`)},
		{"content.xml", wb.odsContent()},
		{"styles.xml", []byte(xml.Header + `<office:document-styles ` + odsNS + ` office:version="1.3"><office:styles>` +
			`<style:default-style style:family="table-cell"><style:text-properties fo:language="it" fo:country="IT"/></style:default-style>` +
			`</office:styles></office:document-styles>`)},
		{"meta.xml", []byte(xml.Header + `<office:document-meta ` + odsNS + ` office:version="1.3"><office:meta>` +
			`<meta:generator>pdz</meta:generator><dc:title>` + esc(wb.Title) + `</dc:title><dc:language>it-IT</dc:language>` +
			`<meta:creation-date>` + now.UTC().Format("2006-01-02T15:04:05") + `</meta:creation-date>` +
			`</office:meta></office:document-meta>`)},
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.body); err != nil {
			return err
		}
	}
	return z.Close()
}

func (wb *Workbook) odsContent() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header + `<office:document-content ` + odsNS + ` office:version="1.3"><office:automatic-styles>` + odsStyles)
	// One column style per distinct width.
	widths := map[string]string{}
	for _, s := range wb.Sheets {
		for _, c := range s.Columns {
			cm := strconv.FormatFloat(c.width()*0.21, 'f', 2, 64) + "cm"
			if _, ok := widths[cm]; !ok {
				name := "co" + strconv.Itoa(len(widths)+1)
				widths[cm] = name
				b.WriteString(`<style:style style:name="` + name + `" style:family="table-column"><style:table-column-properties style:column-width="` + cm + `"/></style:style>`)
			}
		}
	}
	b.WriteString(`</office:automatic-styles><office:body><office:spreadsheet>`)
	names := sheetNames(wb.Sheets)
	if len(wb.Sheets) == 0 {
		b.WriteString(`<table:table table:name="Foglio1"><table:table-column/><table:table-row><table:table-cell/></table:table-row></table:table>`)
	}
	for i, s := range wb.Sheets {
		b.WriteString(`<table:table table:name="` + esc(names[i]) + `">`)
		for _, c := range s.Columns {
			cm := strconv.FormatFloat(c.width()*0.21, 'f', 2, 64) + "cm"
			b.WriteString(`<table:table-column table:style-name="` + widths[cm] + `" table:default-cell-style-name="ce-text"/>`)
		}
		if len(s.Columns) == 0 {
			b.WriteString(`<table:table-column/>`)
		}
		if len(s.Columns) > 0 {
			b.WriteString(`<table:table-header-rows><table:table-row>`)
			for _, c := range s.Columns {
				b.WriteString(`<table:table-cell table:style-name="ce-head" office:value-type="string">`)
				paras(&b, cleanText(c.Title))
				b.WriteString(`</table:table-cell>`)
			}
			b.WriteString(`</table:table-row></table:table-header-rows>`)
		}
		for _, row := range s.Rows {
			b.WriteString(`<table:table-row>`)
			for _, c := range row {
				odsCell(&b, c)
			}
			if len(row) == 0 {
				b.WriteString(`<table:table-cell/>`)
			}
			b.WriteString(`</table:table-row>`)
		}
		if len(s.Columns) == 0 && len(s.Rows) == 0 {
			b.WriteString(`<table:table-row><table:table-cell/></table:table-row>`)
		}
		b.WriteString(`</table:table>`)
	}
	b.WriteString(`</office:spreadsheet></office:body></office:document-content>`)
	return b.Bytes()
}

func odsCell(b *bytes.Buffer, c Cell) {
	switch c.Kind {
	case KindInt, KindYear:
		n, style := strconv.FormatInt(c.Int, 10), "ce-int"
		if c.Kind == KindYear {
			style = "ce-year"
		}
		b.WriteString(`<table:table-cell table:style-name="` + style + `" office:value-type="float" office:value="` + n + `"><text:p>` + n + `</text:p></table:table-cell>`)
	case KindDecimal:
		v := decimalPlain(c.Int, c.Scale, ".")
		b.WriteString(`<table:table-cell table:style-name="ce-dec` + strconv.Itoa(int(min(c.Scale, maxScale))) + `" office:value-type="float" office:value="` + v + `"><text:p>` + v + `</text:p></table:table-cell>`)
	case KindMoney:
		v := moneyPlain(c.Int, ".")
		b.WriteString(`<table:table-cell table:style-name="ce-eur" office:value-type="currency" office:currency="EUR" office:value="` + v + `"><text:p>` + v + `</text:p></table:table-cell>`)
	case KindDate:
		b.WriteString(`<table:table-cell table:style-name="ce-date" office:value-type="date" office:date-value="` + c.Time.Format("2006-01-02") +
			`"><text:p>` + c.Time.Format("02/01/2006") + `</text:p></table:table-cell>`)
	case KindDateTime:
		b.WriteString(`<table:table-cell table:style-name="ce-datetime" office:value-type="date" office:date-value="` + c.Time.Format("2006-01-02T15:04:05") +
			`"><text:p>` + c.Time.Format("02/01/2006 15:04") + `</text:p></table:table-cell>`)
	default:
		t := cleanText(c.Text)
		if t == "" {
			b.WriteString(`<table:table-cell/>`)
			return
		}
		b.WriteString(`<table:table-cell table:style-name="ce-text" office:value-type="string">`)
		paras(b, t)
		b.WriteString(`</table:table-cell>`)
	}
}

// paras writes text as paragraphs, one per line, keeping runs of spaces
// and leading spaces (which XML readers would otherwise collapse). A tab
// becomes a space: LibreOffice drops <text:tab/> inside a cell.
func paras(b *bytes.Buffer, t string) {
	for _, line := range strings.Split(strings.ReplaceAll(t, "\t", " "), "\n") {
		b.WriteString(`<text:p>`)
		rest := line
		for rest != "" {
			i := strings.IndexByte(rest, ' ')
			if i < 0 {
				b.WriteString(esc(rest))
				break
			}
			b.WriteString(esc(rest[:i]))
			n := len(rest[i:]) - len(strings.TrimLeft(rest[i:], " "))
			switch {
			case n == 1 && i > 0:
				b.WriteByte(' ')
			case n == 1:
				b.WriteString(`<text:s/>`)
			default:
				b.WriteString(`<text:s text:c="` + strconv.Itoa(n) + `"/>`)
			}
			rest = rest[i+n:]
		}
		b.WriteString(`</text:p>`)
	}
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(cleanText(s)))
	return b.String()
}
