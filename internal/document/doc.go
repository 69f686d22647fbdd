// Package document generates the product's printable documents (PDF), in
// process and without external programs: the notice and, later, receipts,
// attendance sheets and minutes. pdf.go is the small layout toolkit they
// share (headings, paragraphs, tables that break across pages, footers);
// each document has its own file.
//
// It reads domain values and writes bytes: no storage, no HTTP.
package document
