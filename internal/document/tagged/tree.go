// Package tagged makes a finished PDF a tagged PDF: it records the logical
// structure of a document while its pages are drawn (which element each run
// of page content belongs to, in reading order) and then adds to the file
// what assistive technologies read: the structure tree, the parent tree
// that maps page content back to its element, /MarkInfo, the language and
// the preference to show the document's title.
//
// The drawing side writes the marked-content operators this package returns
// (BDC … EMC around each run, /Artifact for page furniture) into the page
// content streams; Write then appends the structure to the PDF bytes as an
// incremental update. It knows PDF syntax, nothing about layout libraries,
// HTTP or storage.
package tagged

import "strconv"

// Elem is one structure element: a heading, a paragraph, a table cell, a
// figure. Its kids are elements and runs of marked page content, in
// reading order.
type Elem struct {
	Type    string     // a standard structure type: "H1", "P", "Table", "TH", "Figure", …
	Alt     string     // alternative text (figures)
	Scope   string     // "Column" or "Row" for TH
	ColSpan int        // for a cell spanning columns
	BBox    [4]float64 // figures: the box on the page, in points (x1 y1 x2 y2); zero if unknown

	parent *Elem
	kids   []kid
}

// kid is an element or a run of marked content on a page.
type kid struct {
	elem       *Elem
	page, mcid int
}

// Tree is the structure of one document being drawn. Its root is a
// Document element; Open and Close nest containers, Add appends leaves.
type Tree struct {
	root    *Elem
	cur     *Elem
	pages   map[int][]*Elem // page (1-based) → the element of each MCID
	maxPage int
}

// NewTree starts an empty structure.
func NewTree() *Tree {
	r := &Elem{Type: "Document"}
	return &Tree{root: r, cur: r, pages: map[int][]*Elem{}}
}

// Add appends an element of type typ to the current container.
func (t *Tree) Add(typ string) *Elem {
	e := &Elem{Type: typ, parent: t.cur}
	t.cur.kids = append(t.cur.kids, kid{elem: e})
	return e
}

// Open appends a container element and makes it current until Close.
func (t *Tree) Open(typ string) *Elem {
	e := t.Add(typ)
	t.cur = e
	return e
}

// Close ends the current container.
func (t *Tree) Close() {
	if t.cur == t.root {
		panic("tagged: Close without Open")
	}
	t.cur = t.cur.parent
}

// Begin records a run of e's content on page (1-based) and returns the
// operator that opens it in the page's content stream. End closes it. A run
// cannot cross a page: a page break inside an element ends the run (End)
// and starts another on the next page (Begin again).
func (t *Tree) Begin(e *Elem, page int) string {
	if page < 1 {
		panic("tagged: page numbers start at 1")
	}
	mcid := len(t.pages[page])
	t.pages[page] = append(t.pages[page], e)
	t.maxPage = max(t.maxPage, page)
	e.kids = append(e.kids, kid{page: page, mcid: mcid})
	return "/" + e.Type + " <</MCID " + strconv.Itoa(mcid) + ">> BDC"
}

// End closes a run opened by Begin or an artifact.
const End = "EMC"

// Artifact opens page content that is not part of the document's text:
// rules, frames, repeated table headers. Close it with End.
const Artifact = "/Artifact BMC"

// PaginationArtifact opens running page furniture of kind subtype
// ("Header", "Footer") or, with "", other pagination artifacts such as a
// table header repeated on a new page. Close it with End.
func PaginationArtifact(subtype string) string {
	if subtype == "" {
		return "/Artifact <</Type /Pagination>> BDC"
	}
	return "/Artifact <</Type /Pagination /Subtype /" + subtype + ">> BDC"
}
