package tagged

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Write returns pdf with the structure of t added, the catalog saying that
// the file is tagged (/MarkInfo), in language lang (/Lang, BCP 47 such as
// "it-IT") and that viewers should show its title rather than its file
// name (/ViewerPreferences /DisplayDocTitle; the title itself is the
// /Title of the document information, which the drawing side writes).
//
// The structure goes in as an incremental update, the mechanism PDF has
// for changing a finished file: the new objects (structure tree root,
// parent tree, one object per element), the catalog and every page written
// again under their own numbers (a page gains /StructParents, the key of
// its entry in the parent tree), a cross-reference section for them and a
// trailer pointing back to the original one. The original bytes stay as
// they are, except the version in the header, raised to 1.7.
//
// It reads files with one classic cross-reference table and a flat page
// tree, as fpdf writes them; anything else is an error, not a guess.
func Write(pdf []byte, t *Tree, lang string) ([]byte, error) {
	f, err := parse(pdf)
	if err != nil {
		return nil, err
	}
	if t.maxPage > len(f.pages) {
		return nil, fmt.Errorf("tagged: content marked on page %d of a %d-page file", t.maxPage, len(f.pages))
	}
	catalog, err := f.object(f.root)
	if err != nil {
		return nil, err
	}
	if strings.Contains(catalog, "/StructTreeRoot") || strings.Contains(catalog, "/MarkInfo") {
		return nil, errors.New("tagged: the file is already tagged")
	}
	body, ok := dictBody(catalog)
	if !ok {
		return nil, errors.New("tagged: the catalog is not a dictionary")
	}

	// Object numbers: the structure tree root, the parent tree, then the
	// elements depth first.
	next := f.size
	rootNum, parentTreeNum := next, next+1
	next += 2
	nums := map[*Elem]int{}
	var order []*Elem
	var number func(e *Elem)
	number = func(e *Elem) {
		nums[e] = next
		next++
		order = append(order, e)
		for _, k := range e.kids {
			if k.elem != nil {
				number(k.elem)
			}
		}
	}
	number(t.root)

	out := bytes.NewBuffer(make([]byte, 0, len(pdf)+64*len(order)+4096))
	out.Write(pdf)
	if v := out.Bytes(); len(v) > 8 && bytes.HasPrefix(v, []byte("%PDF-1.")) && v[7] >= '0' && v[7] < '7' {
		v[7] = '7'
	}
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}
	obj := func(n int, dict string) {
		offsets[n] = out.Len()
		out.WriteString(strconv.Itoa(n) + " 0 obj\n" + dict + "\nendobj\n")
	}
	ref := func(n int) string { return strconv.Itoa(n) + " 0 R" }

	obj(f.root, "<<"+langRe.ReplaceAllString(body, "")+"\n/Lang "+literal(lang)+
		"\n/MarkInfo <</Marked true>>\n/ViewerPreferences <</DisplayDocTitle true>>\n/StructTreeRoot "+ref(rootNum)+">>")
	for i, p := range f.pages {
		d, err := f.object(p)
		if err != nil {
			return nil, err
		}
		pb, ok := dictBody(d)
		if !ok || strings.Contains(pb, "/StructParents") {
			return nil, fmt.Errorf("tagged: page object %d is not an untagged page", p)
		}
		obj(p, "<<"+pb+"\n/StructParents "+strconv.Itoa(i)+">>")
	}
	obj(rootNum, "<</Type /StructTreeRoot /K "+ref(nums[t.root])+" /ParentTree "+ref(parentTreeNum)+
		" /ParentTreeNextKey "+strconv.Itoa(len(f.pages))+">>")
	var pt strings.Builder
	pt.WriteString("<</Nums [")
	for i := range f.pages {
		pt.WriteString(strconv.Itoa(i) + " [")
		for _, e := range t.pages[i+1] {
			pt.WriteString(ref(nums[e]) + " ")
		}
		pt.WriteString("]\n")
	}
	pt.WriteString("]>>")
	obj(parentTreeNum, pt.String())
	for _, e := range order {
		parent := rootNum
		if e.parent != nil {
			parent = nums[e.parent]
		}
		obj(nums[e], elemDict(e, ref(parent), nums, f.pages))
	}

	// Cross-reference section: runs of consecutive numbers.
	xref := out.Len()
	var ns []int
	for n := range offsets {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	out.WriteString("xref\n")
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		out.WriteString(strconv.Itoa(ns[i]) + " " + strconv.Itoa(j-i+1) + "\n")
		for _, n := range ns[i : j+1] {
			fmt.Fprintf(out, "%010d 00000 n \n", offsets[n])
		}
		i = j + 1
	}
	trailer := "<</Size " + strconv.Itoa(next) + " /Root " + ref(f.root)
	if f.info != 0 {
		trailer += " /Info " + ref(f.info)
	}
	trailer += " /Prev " + strconv.Itoa(f.xref) + ">>"
	out.WriteString("trailer\n" + trailer + "\nstartxref\n" + strconv.Itoa(xref) + "\n%%EOF\n")
	return out.Bytes(), nil
}

func elemDict(e *Elem, parent string, nums map[*Elem]int, pages []int) string {
	var b strings.Builder
	b.WriteString("<</Type /StructElem /S /" + e.Type + " /P " + parent)
	pg := 0
	for _, k := range e.kids {
		if k.elem == nil {
			pg = k.page
			break
		}
	}
	if pg > 0 {
		b.WriteString(" /Pg " + strconv.Itoa(pages[pg-1]) + " 0 R")
	}
	if len(e.kids) > 0 {
		b.WriteString(" /K [")
		for _, k := range e.kids {
			switch {
			case k.elem != nil:
				b.WriteString(strconv.Itoa(nums[k.elem]) + " 0 R ")
			case k.page == pg:
				b.WriteString(strconv.Itoa(k.mcid) + " ")
			default:
				b.WriteString("<</Type /MCR /Pg " + strconv.Itoa(pages[k.page-1]) + " 0 R /MCID " + strconv.Itoa(k.mcid) + ">> ")
			}
		}
		b.WriteString("]")
	}
	if e.Alt != "" {
		b.WriteString(" /Alt " + textString(e.Alt))
	}
	var attrs []string
	if e.Scope != "" || e.ColSpan > 1 {
		a := "<</O /Table"
		if e.Scope != "" {
			a += " /Scope /" + e.Scope
		}
		if e.ColSpan > 1 {
			a += " /ColSpan " + strconv.Itoa(e.ColSpan)
		}
		attrs = append(attrs, a+">>")
	}
	if e.BBox != [4]float64{} {
		attrs = append(attrs, fmt.Sprintf("<</O /Layout /Placement /Block /BBox [%.2f %.2f %.2f %.2f]>>", e.BBox[0], e.BBox[1], e.BBox[2], e.BBox[3]))
	}
	switch len(attrs) {
	case 0:
	case 1:
		b.WriteString(" /A " + attrs[0])
	default:
		b.WriteString(" /A [" + strings.Join(attrs, " ") + "]")
	}
	b.WriteString(">>")
	return b.String()
}

// textString is s as a PDF text string: UTF-16BE with its byte order mark,
// in hexadecimal (any character, no escaping rules).
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// literal is an ASCII string as a PDF literal string.
func literal(s string) string {
	return "(" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s) + ")"
}

var (
	langRe    = regexp.MustCompile(`/Lang\s*\((?:[^()\\]|\\.)*\)`)
	refRe     = regexp.MustCompile(`(\d+)\s+0\s+R`)
	kidsRe    = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	pagesRe   = regexp.MustCompile(`/Pages\s+(\d+)\s+0\s+R`)
	pageRe    = regexp.MustCompile(`/Type\s*/Page\b`)
	sizeRe    = regexp.MustCompile(`/Size\s+(\d+)`)
	rootRe    = regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`)
	infoRe    = regexp.MustCompile(`/Info\s+(\d+)\s+0\s+R`)
	startxref = []byte("startxref")
)

// file is what Write needs from the original PDF.
type file struct {
	b       []byte
	offsets map[int]int // object number → byte offset
	size    int         // trailer /Size: the first free object number
	root    int
	info    int
	xref    int   // offset of the cross-reference table
	pages   []int // page objects in order
}

func parse(b []byte) (*file, error) {
	i := bytes.LastIndex(b, startxref)
	if i < 0 {
		return nil, errors.New("tagged: no startxref")
	}
	fields := strings.Fields(string(b[i+len(startxref) : min(len(b), i+len(startxref)+40)]))
	if len(fields) == 0 {
		return nil, errors.New("tagged: no cross-reference offset")
	}
	xref, err := strconv.Atoi(fields[0])
	if err != nil || xref <= 0 || xref >= i {
		return nil, errors.New("tagged: bad cross-reference offset")
	}
	f := &file{b: b, offsets: map[int]int{}, xref: xref}
	rest := string(b[xref:i])
	if !strings.HasPrefix(rest, "xref") {
		return nil, errors.New("tagged: not a classic cross-reference table")
	}
	t := strings.Index(rest, "trailer")
	if t < 0 {
		return nil, errors.New("tagged: no trailer")
	}
	lines := strings.Split(strings.ReplaceAll(rest[len("xref"):t], "\r", "\n"), "\n")
	first, count := 0, 0
	for _, l := range lines {
		w := strings.Fields(l)
		switch {
		case len(w) == 0:
		case len(w) == 2 && count == 0:
			a, err1 := strconv.Atoi(w[0])
			c, err2 := strconv.Atoi(w[1])
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("tagged: bad cross-reference line %q", l)
			}
			first, count = a, c
		case len(w) == 3 && count > 0:
			if w[2] == "n" {
				off, err := strconv.Atoi(w[0])
				if err != nil {
					return nil, fmt.Errorf("tagged: bad cross-reference entry %q", l)
				}
				f.offsets[first] = off
			}
			first++
			count--
		default:
			return nil, fmt.Errorf("tagged: bad cross-reference line %q", l)
		}
	}
	trailer := rest[t:]
	if strings.Contains(trailer, "/Prev") || strings.Contains(trailer, "/Encrypt") {
		return nil, errors.New("tagged: updated or encrypted files are not supported")
	}
	num := func(re *regexp.Regexp) int {
		m := re.FindStringSubmatch(trailer)
		if m == nil {
			return 0
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	f.size, f.root, f.info = num(sizeRe), num(rootRe), num(infoRe)
	if f.size == 0 || f.root == 0 {
		return nil, errors.New("tagged: trailer without /Size or /Root")
	}
	catalog, err := f.object(f.root)
	if err != nil {
		return nil, err
	}
	m := pagesRe.FindStringSubmatch(catalog)
	if m == nil {
		return nil, errors.New("tagged: catalog without /Pages")
	}
	pagesNum, _ := strconv.Atoi(m[1])
	pages, err := f.object(pagesNum)
	if err != nil {
		return nil, err
	}
	k := kidsRe.FindStringSubmatch(pages)
	if k == nil {
		return nil, errors.New("tagged: page tree without /Kids")
	}
	for _, r := range refRe.FindAllStringSubmatch(k[1], -1) {
		n, _ := strconv.Atoi(r[1])
		p, err := f.object(n)
		if err != nil {
			return nil, err
		}
		if !pageRe.MatchString(p) || strings.Contains(p, "/Type /Pages") {
			return nil, errors.New("tagged: nested page trees are not supported")
		}
		f.pages = append(f.pages, n)
	}
	if len(f.pages) == 0 {
		return nil, errors.New("tagged: no pages")
	}
	return f, nil
}

// object returns the text between "n 0 obj" and "endobj".
func (f *file) object(n int) (string, error) {
	off, ok := f.offsets[n]
	if !ok || off <= 0 || off >= len(f.b) {
		return "", fmt.Errorf("tagged: object %d not in the cross-reference table", n)
	}
	head := strconv.Itoa(n) + " 0 obj"
	if !bytes.HasPrefix(f.b[off:], []byte(head)) {
		return "", fmt.Errorf("tagged: object %d is not where the table says", n)
	}
	s := f.b[off+len(head):]
	e := bytes.Index(s, []byte("endobj"))
	if e < 0 {
		return "", fmt.Errorf("tagged: object %d has no end", n)
	}
	if bytes.Contains(s[:e], []byte("endstream")) {
		return "", fmt.Errorf("tagged: object %d is a stream, a dictionary was expected", n)
	}
	return strings.TrimSpace(string(s[:e])), nil
}

// dictBody is what is between a dictionary's outer << and >>.
func dictBody(d string) (string, bool) {
	if !strings.HasPrefix(d, "<<") || !strings.HasSuffix(d, ">>") {
		return "", false
	}
	return d[2 : len(d)-2], true
}
