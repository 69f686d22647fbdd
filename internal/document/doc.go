// Package document generates the product's printable documents (PDF), in
// process and without external programs: the notice, the registration
// receipt, the attendance sheet, the minutes, the prospetto di sintesi, the
// participation pact, the minutes of an election, the voting slips and the
// chronology. pdf.go is the small layout toolkit they share (headings,
// paragraphs, lists, boxes, footers; text.go wraps text, pdftable.go draws
// tables that break across pages); each document has its own file. Every
// document is a tagged PDF: the toolkit records the structure as it draws
// and package tagged adds it to the file.
//
// It reads domain values and writes bytes: no storage, no HTTP.
package document
