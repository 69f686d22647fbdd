package web

import (
	"bytes"
	"cmp"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Form is what a form page shows: the values (as typed, so nothing is lost
// when a save fails), one message per field in error, and warnings.
type Form struct {
	Values   url.Values
	Errors   map[string]string
	Warnings []pdz.Warning
	Message  string // a message for the whole form

	// onPage is where each field in error stands on the rendered page
	// (the offset of its element), found by Server.render; nil before.
	onPage map[string]int
}

// FieldError is one line of the error summary at the top of a form.
type FieldError struct {
	ID      string // the id of the field's element, "" if the page has none
	Message string
}

// ErrorList is the form's field messages in the order the fields stand
// on the page, for the summary at the top of the form; messages of
// fields the page does not show come last, by name.
func (f *Form) ErrorList() []FieldError {
	names := make([]string, 0, len(f.Errors))
	for name := range f.Errors {
		names = append(names, name)
	}
	pos := func(name string) int {
		if p, ok := f.onPage[name]; ok {
			return p
		}
		return math.MaxInt
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := cmp.Compare(pos(a), pos(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	out := make([]FieldError, len(names))
	for i, name := range names {
		out[i].Message = f.Errors[name]
		if _, ok := f.onPage[name]; ok {
			out[i].ID = fieldID(name)
		}
	}
	return out
}

// fieldID is the element id of the field called name: the input, the
// select, the textarea or the fieldset of a group of choices.
func fieldID(name string) string { return "f-" + name }

// placeFields records where the fields in error of the forms in v stand
// on page, the HTML rendered once, and reports whether any form has field
// errors (so the page must be rendered again with its summary in order).
func placeFields(v View, page []byte) bool {
	again := false
	for _, x := range v {
		f, ok := x.(*Form)
		if !ok || f == nil || len(f.Errors) == 0 {
			continue
		}
		f.onPage = make(map[string]int, len(f.Errors))
		for name := range f.Errors {
			if i := bytes.Index(page, []byte(`id="`+template.HTMLEscapeString(fieldID(name))+`"`)); i >= 0 {
				f.onPage[name] = i
			}
		}
		again = true
	}
	return again
}

func newForm(v url.Values) *Form {
	if v == nil {
		v = url.Values{}
	}
	return &Form{Values: v, Errors: map[string]string{}}
}

// Get returns a field's value.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a multi-value field holds value.
func (f *Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// fail records the error of a failed save: its field messages, or its
// message for the whole form.
func (f *Form) fail(err error) {
	for k, v := range pdz.ErrorFields(err) {
		f.Errors[k] = v
	}
	if len(f.Errors) == 0 || pdz.ErrorCode(err) != pdz.EINVALID {
		f.Message = pdz.ErrorMessage(err)
	}
}

// Invalid reports whether the form has anything to fix.
func (f *Form) Invalid() bool { return len(f.Errors) > 0 || f.Message != "" }

// parseForm reads a submitted form (urlencoded, up to 1 MB).
func parseForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return nil, pdz.Errorf(pdz.EINVALID, "Il modulo inviato non è leggibile o è troppo grande.")
	}
	return submittedForm(r.PostForm)
}

// badTextMessage is the message next to a field whose text was refused.
const badTextMessage = "Il testo contiene caratteri non validi (un carattere nullo o una codifica diversa da UTF-8), segnati qui con «\uFFFD»: correggilo e invia di nuovo."

// submittedForm is the Form of values sent by a browser, every form's
// values pass through it. Text must be valid UTF-8 without NUL characters:
// PostgreSQL refuses both (SQLite would store them), so they are refused
// here, for every form and both databases, before anything reads them.
// The Form is returned with the error, its values cleaned (each invalid
// sequence or NUL shown as U+FFFD) and a message next to each field, so a
// handler can show the form again; a handler that does not, answers with
// the error's message. Fields whose name is not valid text are dropped: no
// handler reads them.
func submittedForm(v url.Values) (*Form, error) {
	p := pdz.Problems{}
	for name, vals := range v {
		if !cleanText(name) {
			delete(v, name)
			continue
		}
		for i, s := range vals {
			if !cleanText(s) {
				vals[i] = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
				p.Add(name, badTextMessage)
			}
		}
	}
	f := newForm(v)
	if len(p) > 0 {
		return f, &pdz.Error{Code: pdz.EINVALID, Fields: map[string]string(p),
			Message: "Il modulo contiene caratteri non validi (un carattere nullo o una codifica diversa da UTF-8): nulla è stato salvato. Torna indietro, correggi il testo e invia di nuovo."}
	}
	return f, nil
}

// cleanText reports whether s is valid UTF-8 without NUL characters.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// choosePlaceholder is the empty first choice of a select that asks for
// a choice.
const choosePlaceholder = "– scegli –"

// Option is one choice of a select or of a group of checkboxes.
type Option struct {
	Value string
	Label string
}

// Field describes a form field for the "field" partial.
type Field struct {
	Form     *Form
	Name     string
	Label    string
	Type     string // text, email, url, tel, number, date, time, password, textarea, select, checkboxes, checkbox
	Required bool
	Help     string
	Options  []Option
	Auto     string // autocomplete token
	Rows     int
}

// ID is the element id of the field.
func (f Field) ID() string { return fieldID(f.Name) }

// Value is the field's current value.
func (f Field) Value() string { return f.Form.Get(f.Name) }

// InputType is the type attribute of the field's input. A date, time,
// number or URL field whose value the browser could not hold (typed in
// another format, e.g. in a browser without date fields) is shown as a text
// field: a browser would silently empty it, losing what was typed, and the
// page would not be valid HTML.
func (f Field) InputType() string {
	if _, ok := htmlValue(f.Type, f.Value()); !ok {
		return "text"
	}
	return f.Type
}

// InputValue is the value attribute of the field's input: dates and times
// in the form the browser's date and time fields expect (2026-06-30,
// 09:30), whatever accepted form was typed.
func (f Field) InputValue() string {
	v, _ := htmlValue(f.Type, f.Value())
	return v
}

// floatRE is a valid floating-point number of HTML.
var floatRE = regexp.MustCompile(`^-?(?:[0-9]+|[0-9]*\.[0-9]+)(?:[eE][-+]?[0-9]+)?$`)

// htmlValue returns v as the value of an input of type typ, and whether the
// input can hold it.
func htmlValue(typ, v string) (string, bool) {
	if strings.TrimSpace(v) == "" {
		return v, true
	}
	switch typ {
	case "date":
		if d, err := pdz.ParseDate(v); err == nil {
			return d.String(), true
		}
		return v, false
	case "time":
		if c, err := pdz.ParseClock(v); err == nil && !c.IsZero() {
			return c.String(), true
		}
		return v, false
	case "number":
		return v, floatRE.MatchString(v)
	case "url":
		u, err := url.Parse(v)
		return v, err == nil && u.Scheme != "" && u.Host != "" && !strings.ContainsAny(v, " \t\n")
	}
	return v, true
}

// HasPlaceholder reports whether a select starts with an empty choice.
// Only such a select may carry the required attribute; one without it
// always has a value, and its being required is told to assistive
// technologies with aria-required.
func (f Field) HasPlaceholder() bool { return len(f.Options) > 0 && f.Options[0].Value == "" }

// Error is the field's message, "" if none.
func (f Field) Error() string { return f.Form.Errors[f.Name] }

// Described lists the ids that describe the field (help, error).
func (f Field) Described() string {
	var ids []string
	if f.Help != "" {
		ids = append(ids, f.ID()+"-help")
	}
	if f.Error() != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}

// field builds a Field in a template. opts are "required", "help=…",
// "auto=…", "rows=N", and for choices a []Option.
func field(form *Form, name, label, typ string, opts ...any) Field {
	f := Field{Form: form, Name: name, Label: label, Type: typ}
	for _, o := range opts {
		switch v := o.(type) {
		case string:
			switch {
			case v == "required":
				f.Required = true
			case strings.HasPrefix(v, "help="):
				f.Help = strings.TrimPrefix(v, "help=")
			case strings.HasPrefix(v, "auto="):
				f.Auto = strings.TrimPrefix(v, "auto=")
			case strings.HasPrefix(v, "rows="):
				f.Rows, _ = strconv.Atoi(strings.TrimPrefix(v, "rows="))
			}
		case []Option:
			f.Options = v
		}
	}
	return f
}

// formID reads an id field ("" or a positive integer).
func formID(p pdz.Problems, v url.Values, name, msg string) int64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" || s == "0" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		p.Add(name, msg)
	}
	return id
}

// formIDs reads a multi-value id field.
func formIDs(p pdz.Problems, v url.Values, name, msg string) []int64 {
	var out []int64
	for _, s := range v[name] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			p.Add(name, msg)
			continue
		}
		out = append(out, id)
	}
	return out
}

// formInt reads a non-negative integer field; Italian thousands dots are accepted.
func formInt(p pdz.Problems, v url.Values, name, msg string) int64 {
	s := strings.ReplaceAll(strings.TrimSpace(v.Get(name)), ".", "")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		p.Add(name, msg)
	case n < 0:
		p.Add(name, "Indica un numero non negativo.")
	}
	return n
}

// formDate reads a date field.
func formDate(p pdz.Problems, v url.Values, name string) pdz.Date {
	d, err := pdz.ParseDate(v.Get(name))
	if err != nil {
		p.Add(name, "Data non valida: usa il formato gg/mm/aaaa.")
	}
	return d
}

// formClock reads a time-of-day field.
func formClock(p pdz.Problems, v url.Values, name string) pdz.Clock {
	c, err := pdz.ParseClock(v.Get(name))
	if err != nil {
		p.Add(name, "Orario non valido: usa il formato hh:mm (es. 9:30).")
	}
	return c
}

// dateValue is the value of a date input for d.
func dateValue(d pdz.Date) string { return d.String() }

func idValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
