package testo

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Uno\ndue\n\nTre", "<p>Uno due</p>\n<p>Tre</p>\n"},
		{"# Titolo\nTesto", "<h3>Titolo</h3>\n<p>Testo</p>\n"},
		{"## Sotto", "<h4>Sotto</h4>\n"},
		{"Attività core:\n- uno;\n- due\n  continua", "<p>Attività core:</p>\n<ul>\n<li>uno;</li>\n<li>due continua</li>\n</ul>\n"},
		{"1. primo\n2) secondo", "<ol>\n<li>primo</li>\n<li>secondo</li>\n</ol>\n"},
		{"• voce", "<ul>\n<li>voce</li>\n</ul>\n"},
		{"**forte** e *corsivo* e _anche_", "<p><strong>forte</strong> e <em>corsivo</em> e <em>anche</em></p>\n"},
		{"<script>alert(1)</script> & \"x\"", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;</p>\n"},
		{"5 * 3 * 2 e nome_file_x", "<p>5 * 3 * 2 e nome_file_x</p>\n"},
		{"**non chiuso", "<p>**non chiuso</p>\n"},
		{"#nonTitolo", "<p>#nonTitolo</p>\n"},
		{"**<b>**", "<p><strong>&lt;b&gt;</strong></p>\n"},
	} {
		if got := string(HTML(c.in, 3)); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	if got := Plain("# T\n\n- **a**\n"); got != "T\n- a" {
		t.Errorf("Plain: %q", got)
	}
}

var allowed = map[string]bool{"p": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true, "strong": true, "em": true}

// checkSafe tokenizes the output: only allowed tags, no attributes, every
// tag closed in order, and the text equals the input's text once markup is
// removed (nothing lost, nothing invented).
func checkSafe(t *testing.T, in, out string) {
	z := html.NewTokenizer(strings.NewReader(out))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if len(stack) != 0 {
				t.Fatalf("%q: unclosed %v in %q", in, stack, out)
			}
			return
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !allowed[string(name)] || hasAttr || tt == html.SelfClosingTagToken {
				t.Fatalf("%q: tag %q (attributes %v) in %q", in, name, hasAttr, out)
			}
			if tt == html.StartTagToken {
				stack = append(stack, string(name))
			} else {
				if len(stack) == 0 || stack[len(stack)-1] != string(name) {
					t.Fatalf("%q: misnested </%s> in %q", in, name, out)
				}
				stack = stack[:len(stack)-1]
			}
		case html.CommentToken, html.DoctypeToken:
			t.Fatalf("%q: %v in %q", in, tt, out)
		}
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{"", "# a\n- b\n1. c", "**x** *y* _z_", "<img src=x onerror=alert(1)>", "a\r\nb\rc", "***", "_*_*", "- \n#  \n1.", "&lt;", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSafe(t, s, string(HTML(s, 2)))
	})
}
