package tagged

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// onePage is a one-page fpdf document whose text is marked as a P of t.
func onePage(t *testing.T, tree *Tree) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetLang("en-GB") // replaced by Write's language
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.RawWriteStr(tree.Begin(tree.Add("P"), 1))
	f.Cell(40, 10, "Ciao")
	f.RawWriteStr(End)
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteAddsTheStructure(t *testing.T) {
	tree := NewTree()
	out, err := Write(onePage(t, tree), tree, "it-IT")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"%PDF-1.7", "/StructParents 0", "/MarkInfo <</Marked true>>", "/Lang (it-IT)", "/DisplayDocTitle true", "/S /P ", "/S /Document "} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q", want)
		}
	}
	cat := s[strings.LastIndex(s, "/Type /Catalog"):]
	if cat = cat[:strings.Index(cat, "endobj")]; strings.Contains(cat, "en-GB") || strings.Count(cat, "/Lang") != 1 {
		t.Error("the old language survives in the new catalog")
	}
	// The last startxref points at the new cross-reference section, whose
	// entries point at the objects they name.
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindStringSubmatch(s)
	if m == nil {
		t.Fatal("no final startxref")
	}
	off, _ := strconv.Atoi(m[1])
	if !strings.HasPrefix(s[off:], "xref\n") {
		t.Fatalf("startxref %d does not point at a table", off)
	}
	f, err := parseUpdate(out, off)
	if err != nil {
		t.Fatal(err)
	}
	for n, o := range f {
		if !strings.HasPrefix(s[o:], strconv.Itoa(n)+" 0 obj") {
			t.Errorf("object %d is not at %d", n, o)
		}
	}
	if _, err := Write(out, NewTree(), "it-IT"); err == nil {
		t.Error("a file written twice")
	}
}

// parseUpdate reads the entries of the cross-reference section at off.
func parseUpdate(b []byte, off int) (map[int]int, error) {
	out := map[int]int{}
	s := string(b[off+len("xref\n"):])
	s = s[:strings.Index(s, "trailer")]
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := 0; i < len(lines); {
		f := strings.Fields(lines[i])
		if len(f) != 2 {
			return nil, errors.New("bad subsection line " + lines[i])
		}
		first, err1 := strconv.Atoi(f[0])
		count, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return nil, errors.New("bad subsection line " + lines[i])
		}
		for j := range count {
			o, _ := strconv.Atoi(strings.Fields(lines[i+1+j])[0])
			out[first+j] = o
		}
		i += count + 1
	}
	return out, nil
}

func TestWriteRefuses(t *testing.T) {
	if _, err := Write([]byte("not a pdf"), NewTree(), "it-IT"); err == nil {
		t.Error("not a PDF: no error")
	}
	tree := NewTree()
	pdf := onePage(t, tree)
	tree.Begin(tree.Add("P"), 2)
	if _, err := Write(pdf, tree, "it-IT"); err == nil || !strings.Contains(err.Error(), "page 2") {
		t.Errorf("content marked on a page the file lacks: %v", err)
	}
	broken := bytes.Replace(pdf, []byte("\nxref\n"), []byte("\nXREF\n"), 1)
	if _, err := Write(broken, NewTree(), "it-IT"); err == nil {
		t.Error("no cross-reference table: no error")
	}
}

func TestBeginNumbersRunsPerPage(t *testing.T) {
	tree := NewTree()
	a, b := tree.Add("P"), tree.Add("P")
	got := []string{tree.Begin(a, 1), tree.Begin(b, 1), tree.Begin(b, 2)}
	want := []string{"/P <</MCID 0>> BDC", "/P <</MCID 1>> BDC", "/P <</MCID 0>> BDC"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d: %q, want %q", i, got[i], want[i])
		}
	}
	if d := elemDict(b, "9 0 R", map[*Elem]int{}, []int{3, 5}); !strings.Contains(d, "/Pg 3 0 R /K [1 <</Type /MCR /Pg 5 0 R /MCID 0>> ]") {
		t.Errorf("an element over two pages: %s", d)
	}
}
