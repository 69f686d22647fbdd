package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

//go:embed templates
var templateFiles embed.FS

// View is the data of a page: the common keys set by Server.view (User,
// Ambito, Role, Flash, Path, …) plus the page's own.
type View map[string]any

// templates is one template set holding the partials and, for every page,
// the page's own templates and a copy of the layout that calls them. One set
// rather than a clone of the partials per page: cloning copies every parse
// tree, and with a hundred pages that was 55 MB of memory.
type templates struct {
	set   *template.Template
	pages map[string]bool
}

// definedRE finds the templates a page file defines; calledRE finds where a
// page defines or calls a template by name.
var (
	definedRE = regexp.MustCompile(`\{\{-?\s*define\s+"([^"]+)"`)
	calledRE  = regexp.MustCompile(`(\{\{-?\s*(?:define|template|block)\s+)"([^"]+)"`)
)

// The layout's markers that parseTemplates rewrites for every page.
const (
	layoutDefine  = `{{define "layout"}}`
	layoutContent = `{{template "content" .}}`
	layoutHead    = `{{block "head" .}}{{end}}`
)

func parseTemplates(funcs template.FuncMap) (templates, error) {
	t := templates{set: template.New("").Funcs(funcs).Option("missingkey=zero"), pages: map[string]bool{}}
	shared, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return t, err
	}
	var partials []string
	for _, p := range shared {
		if p != "templates/layout.html" {
			partials = append(partials, p)
		}
	}
	if _, err := t.set.ParseFS(templateFiles, partials...); err != nil {
		return t, err
	}
	layout, err := fs.ReadFile(templateFiles, "templates/layout.html")
	if err != nil {
		return t, err
	}
	for _, marker := range []string{layoutDefine, layoutContent, layoutHead} {
		if strings.Count(string(layout), marker) != 1 {
			return t, fmt.Errorf("templates/layout.html must contain %s exactly once", marker)
		}
	}
	pages, err := fs.Glob(templateFiles, "templates/*/*.html")
	if err != nil {
		return t, err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		b, err := fs.ReadFile(templateFiles, p)
		if err != nil {
			return t, err
		}
		// The templates a page defines get the page's name as a suffix, so
		// that every page can have its own "content" (and helpers) in the
		// one set; references inside the page follow.
		text := string(b)
		defined := map[string]bool{}
		for _, m := range definedRE.FindAllStringSubmatch(text, -1) {
			defined[m[1]] = true
		}
		if !defined["content"] {
			return t, fmt.Errorf("template %s defines no \"content\"", p)
		}
		text = calledRE.ReplaceAllStringFunc(text, func(call string) string {
			m := calledRE.FindStringSubmatch(call)
			if !defined[m[2]] {
				return call // a partial
			}
			return m[1] + `"` + m[2] + "@" + name + `"`
		})
		head := ""
		if defined["head"] {
			head = `{{template "head@` + name + `" .}}`
		}
		page := strings.NewReplacer(
			layoutDefine, `{{define "page@`+name+`"}}`,
			layoutContent, `{{template "content@`+name+`" .}}`,
			layoutHead, head,
		).Replace(string(layout))
		if _, err := t.set.New(p).Parse(text + page); err != nil {
			return t, fmt.Errorf("template %s: %w", p, err)
		}
		t.pages[name] = true
	}
	return t, nil
}

// render writes page name with status. The page is executed into a buffer
// first, so that a template error becomes a clean error page, never half a
// page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v View) {
	if !s.tmpl.pages[name] {
		panic("web: no template " + name) // a programming error, caught by the tests
	}
	var buf bytes.Buffer
	err := s.tmpl.set.ExecuteTemplate(&buf, "page@"+name, v)
	// A form in error lists its messages at the top in the order of its
	// fields on the page, which is known only once the page is written:
	// such a page (a failed submission, rare) is written twice.
	if err == nil && placeFields(v, buf.Bytes()) {
		buf.Reset()
		err = s.tmpl.set.ExecuteTemplate(&buf, "page@"+name, v)
	}
	if err != nil {
		s.log.Error("render", "template", name, "err", err)
		if name != "public/error" {
			s.renderError(w, r, http.StatusInternalServerError, "Si è verificato un errore interno. Riprova più tardi.")
		} else {
			http.Error(w, "Errore interno", http.StatusInternalServerError)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	writeBody(w, r, status, buf.Bytes())
}

// Paragraph is a block of plain text: a paragraph, or a list when its lines
// start with "- ".
type Paragraph struct {
	Text  string
	Items []string
}

// paragraphs splits plain text into blocks at blank lines.
func paragraphs(s string) []Paragraph {
	var out []Paragraph
	for _, block := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		lines := strings.Split(block, "\n")
		isList := true
		for _, l := range lines {
			if !strings.HasPrefix(strings.TrimSpace(l), "- ") {
				isList = false
			}
		}
		if isList {
			var items []string
			for _, l := range lines {
				items = append(items, strings.TrimPrefix(strings.TrimSpace(l), "- "))
			}
			out = append(out, Paragraph{Items: items})
			continue
		}
		out = append(out, Paragraph{Text: strings.Join(strings.Fields(block), " ")})
	}
	return out
}

func (s *Server) funcs() template.FuncMap {
	fm := template.FuncMap{
		"static":        s.assets.URL,
		"longDate":      locale.LongDate,
		"shortDate":     locale.ShortDate,
		"mediumDate":    locale.MediumDate,
		"dateRange":     locale.DateRange,
		"timeRange":     locale.TimeRange,
		"clock":         locale.Clock,
		"dateTime":      locale.DateTime,
		"shortDateTime": locale.ShortDateTime,
		"money":         locale.Money,
		"telURI":        func(s string) template.URL { return template.URL(locale.TelURI(s)) }, // digits and "+" only
		"int":           func(n any) string { return locale.Int(toInt64(n)) },
		"count":         func(n any, one, many string) string { return locale.Count(int(toInt64(n)), one, many) },
		"plural":        func(n any, one, many string) string { return locale.Plural(int(toInt64(n)), one, many) },
		"paragraphs":    paragraphs,
		"pageTitle":     pageTitle,
		"isoDate":       func(t time.Time) string { return t.In(locale.Rome).Format(time.RFC3339) },
		"dict":          dict,
		"field":         field,
		"hasPrefix":     strings.HasPrefix,
		"join":          strings.Join,
		"add":           func(a, b int) int { return a + b },
		"kinds":         func() []pdz.MeetingKind { return pdz.MeetingKinds },
		"eq64":          func(a, b int64) bool { return a == b },
		"contains64": func(xs []int64, x int64) bool {
			for _, v := range xs {
				if v == x {
					return true
				}
			}
			return false
		},
		"path": path.Join,
	}
	for k, f := range planFuncs() {
		fm[k] = f
	}
	for k, f := range moneyFuncs() {
		fm[k] = f
	}
	for k, f := range tableFuncs() {
		fm[k] = f
	}
	return fm
}

// pageTitle is the text of a page's <title>: "Page – Ambito – pdz", the
// Ambito's name left out when the page's title already says it (the
// Ambito's own home page), so that no part is repeated.
func pageTitle(v View) string {
	title, _ := v["Title"].(string)
	name := ""
	if a, _ := v["Ambito"].(*pdz.Ambito); a != nil {
		name = a.Name
	}
	return locale.Title(title, name) + " – pdz" // the product's name always: a title may say "PdZ"
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case int32:
		return int64(v)
	}
	return 0
}

// dict builds a map from key, value pairs, to pass several values to a
// partial template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
