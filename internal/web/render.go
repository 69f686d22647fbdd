package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
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

// templates holds one parsed template set per page, each made of the
// layout, the partials and the page.
type templates map[string]*template.Template

func parseTemplates(funcs template.FuncMap) (templates, error) {
	base := template.New("").Funcs(funcs).Option("missingkey=zero")
	shared, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	if _, err := base.ParseFS(templateFiles, shared...); err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFiles, "templates/*/*.html")
	if err != nil {
		return nil, err
	}
	out := templates{}
	for _, p := range pages {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFiles, p); err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no \"content\"", p)
		}
		out[name] = t
	}
	return out, nil
}

// render writes page name with status. The page is executed into a buffer
// first, so that a template error becomes a clean error page, never half a
// page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v View) {
	t, ok := s.tmpl[name]
	if !ok {
		panic("web: no template " + name) // a programming error, caught by the tests
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "template", name, "err", err)
		if name != "public/error" {
			s.renderError(w, r, http.StatusInternalServerError, "Si è verificato un errore interno. Riprovare più tardi.")
		} else {
			http.Error(w, "Errore interno", http.StatusInternalServerError)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
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
		"int":           func(n any) string { return locale.Int(toInt64(n)) },
		"paragraphs":    paragraphs,
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
