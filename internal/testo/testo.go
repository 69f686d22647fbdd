// Package testo renders the formatted text of a plan (chapter II, the
// profile's narrative sections, the actions of a service) from a small
// plain-text markup typed in a textarea:
//
//	# Titolo, ## Sottotitolo, ### …    headings
//	- voce  (or * voce, • voce)        bulleted list
//	1. voce (or 1) voce)               numbered list
//	**grassetto**, *corsivo*, _corsivo_
//	a blank line                        separates paragraphs
//
// What is stored is the plain text: never HTML. The renderer escapes every
// character it does not produce itself, so no markup a user types can reach
// the page as HTML; it emits only p, h2-h6, ul, ol, li, strong and em,
// without attributes. It must not know HTTP or storage.
package testo

import (
	"html"
	"html/template"
	"strings"
)

// Help is the syntax summary shown beside the textareas.
const Help = "Formattazione: una riga vuota separa i paragrafi; «# Titolo» e «## Sottotitolo» per i titoli; " +
	"righe che iniziano con «- » per gli elenchi puntati, con «1. » per quelli numerati; **grassetto** e *corsivo*. " +
	"Non si possono inserire HTML né collegamenti."

type blockKind int

const (
	none blockKind = iota
	para
	ulist
	olist
)

// renderer accumulates the output and the open block.
type renderer struct {
	b     strings.Builder
	base  int
	kind  blockKind
	lines []string // paragraph lines, or list items
}

// HTML renders src. headingBase is the level of "# ": 3 when the text sits
// under an h2 of the page. Levels beyond 6 are written as h6.
func HTML(src string, headingBase int) template.HTML {
	if headingBase < 2 {
		headingBase = 2
	}
	r := &renderer{base: headingBase}
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	for _, raw := range strings.Split(src, "\n") {
		line := strings.TrimRight(raw, " \t")
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			r.flush()
		case headingLevel(trim) > 0:
			r.flush()
			lvl := headingLevel(trim)
			text := strings.TrimSpace(trim[lvl:])
			h := r.base + lvl - 1
			if h > 6 {
				h = 6
			}
			tag := "h" + string(rune('0'+h))
			r.b.WriteString("<" + tag + ">" + inline(text) + "</" + tag + ">\n")
		default:
			if item, ok := bullet(trim); ok {
				r.item(ulist, item)
			} else if item, ok := numbered(trim); ok {
				r.item(olist, item)
			} else if r.kind == ulist || r.kind == olist {
				r.lines[len(r.lines)-1] += " " + trim // a wrapped list item
			} else {
				if r.kind != para {
					r.flush()
					r.kind = para
				}
				r.lines = append(r.lines, trim)
			}
		}
	}
	r.flush()
	return template.HTML(r.b.String()) // every piece of text went through inline(), which escapes
}

func (r *renderer) item(k blockKind, text string) {
	if r.kind != k {
		r.flush()
		r.kind = k
	}
	r.lines = append(r.lines, text)
}

func (r *renderer) flush() {
	switch r.kind {
	case para:
		r.b.WriteString("<p>" + inline(strings.Join(r.lines, " ")) + "</p>\n")
	case ulist, olist:
		tag := "ul"
		if r.kind == olist {
			tag = "ol"
		}
		r.b.WriteString("<" + tag + ">\n")
		for _, it := range r.lines {
			r.b.WriteString("<li>" + inline(it) + "</li>\n")
		}
		r.b.WriteString("</" + tag + ">\n")
	}
	r.kind, r.lines = none, nil
}

// headingLevel is the number of leading '#' followed by a space (1-3), 0 if
// the line is not a heading.
func headingLevel(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n >= 1 && n <= 3 && len(s) > n && s[n] == ' ' && strings.TrimSpace(s[n:]) != "" {
		return n
	}
	return 0
}

func bullet(s string) (string, bool) {
	for _, m := range []string{"- ", "* ", "• ", "– ", "− "} {
		if strings.HasPrefix(s, m) && strings.TrimSpace(s[len(m):]) != "" {
			return strings.TrimSpace(s[len(m):]), true
		}
	}
	return "", false
}

func numbered(s string) (string, bool) {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || s[i+1] != ' ' {
		return "", false
	}
	rest := strings.TrimSpace(s[i+2:])
	return rest, rest != ""
}

// inline escapes text and turns **x** into <strong> and *x* / _x_ into <em>.
// A marker without its closing twin stays as typed.
func inline(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		if strings.HasPrefix(s, "**") {
			if end := strings.Index(s[2:], "**"); end > 0 {
				b.WriteString("<strong>" + inlineEm(s[2:2+end]) + "</strong>")
				s = s[2+end+2:]
				continue
			}
		}
		i := strings.Index(s, "**")
		if i < 0 {
			b.WriteString(inlineEm(s))
			break
		}
		if i == 0 { // an unmatched "**"
			b.WriteString(html.EscapeString("**"))
			s = s[2:]
			continue
		}
		b.WriteString(inlineEm(s[:i]))
		s = s[i:]
	}
	return b.String()
}

// inlineEm handles *x* and _x_ inside a span without "**".
func inlineEm(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexAny(s, "*_")
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		m := s[i]
		b.WriteString(html.EscapeString(s[:i]))
		s = s[i:]
		end := strings.IndexByte(s[1:], m)
		// An emphasis opens on a non-space and closes on a non-space, and an
		// underscore inside a word (nome_file) is not emphasis.
		if end > 0 && s[1] != ' ' && s[end] != ' ' && !(m == '_' && i > 0 && isWordByte(b.String())) {
			b.WriteString("<em>" + html.EscapeString(s[1:1+end]) + "</em>")
			s = s[1+end+1:]
			continue
		}
		b.WriteString(html.EscapeString(s[:1]))
		s = s[1:]
	}
	return b.String()
}

// isWordByte reports whether the text written so far ends with a letter or
// digit (so that a following '_' is inside a word).
func isWordByte(written string) bool {
	if written == "" {
		return false
	}
	c := written[len(written)-1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Plain flattens the markup to plain text (for CSV files): markers removed,
// one line per paragraph or item.
func Plain(src string) string {
	var out []string
	for _, raw := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		if n := headingLevel(t); n > 0 {
			t = strings.TrimSpace(t[n:])
		}
		t = strings.NewReplacer("**", "").Replace(t)
		out = append(out, t)
	}
	return strings.Join(out, "\n")
}
