package pdz

import (
	"strings"
	"testing"
)

func TestBodyNameAgreement(t *testing.T) {
	for _, tc := range []struct{ name, of, convened string }{
		{"Coordinamento Istituzionale", "del Coordinamento Istituzionale", "convocato"},
		{"Cabina di Regia", "della Cabina di Regia", "convocata"},
		{"Ufficio di Piano", "dell'Ufficio di Piano", "convocato"},
		{"Rete per l'inclusione e la protezione sociale", "della Rete per l'inclusione e la protezione sociale", "convocata"},
		{"Tavolo Territoriale di Confronto", "del Tavolo Territoriale di Confronto", "convocato"},
		{"Consigli Comunali", "dei Consigli Comunali", "convocati"},
		{"Consiglio Comunale di Casarano", "del Consiglio Comunale di Casarano", "convocato"},
		{"Assemblea dei Sindaci", "dell'Assemblea dei Sindaci", "convocata"},
		{"Sportello sociale", "dello Sportello sociale", "convocato"},
		{"Commissione tecnica", "della Commissione tecnica", "convocata"},
	} {
		if got := ofName(tc.name); got != tc.of {
			t.Errorf("ofName(%q) = %q, want %q", tc.name, got, tc.of)
		}
		if got := convened(tc.name); got != tc.convened {
			t.Errorf("convened(%q) = %q, want %q", tc.name, got, tc.convened)
		}
	}
}

func TestSessionConvocationAndAgenda(t *testing.T) {
	b := &Body{Kind: BodyCabinaDiRegia, Name: "Cabina di Regia"}
	x := &BodySession{ConvocationNumber: "8513", ConvocationDate: NewDate(2023, 2, 28)}
	if got := x.Convocation(b); got != "convocata con prot. n. 8513 del 28/02/2023" {
		t.Errorf("convocation %q", got)
	}
	x = &BodySession{ConvocationDate: NewDate(2023, 2, 28)}
	if got := x.Convocation(b); got != "convocata il 28/02/2023" {
		t.Errorf("convocation without number %q", got)
	}
	cc := &Body{Kind: BodyConsiglioComunale, Name: "Consigli Comunali"}
	if got := (&BodySession{ComuneName: "Ruffano"}).BodyOf(cc); got != "del Consiglio Comunale di Ruffano" {
		t.Errorf("council %q", got)
	}
	x = &BodySession{Agenda: "1. Approvazione del verbale\n\n- Piano di Zona\n b) Varie ed eventuali\n2022: bilancio"}
	if got := strings.Join(x.AgendaItems(), "|"); got != "Approvazione del verbale|Piano di Zona|Varie ed eventuali|2022: bilancio" {
		t.Errorf("agenda %q", got)
	}
	a := Act{Kind: ActDeliberazione, Number: "71", Date: NewDate(2022, 12, 7)}
	if got := a.Reference(); got != "Deliberazione n. 71 del 07/12/2022" {
		t.Errorf("reference %q", got)
	}
	if got := lowerFirst("La Cabina"); got != "la Cabina" {
		t.Errorf("lowerFirst %q", got)
	}
	if got := lowerFirst("PUA e UVM"); got != "PUA e UVM" {
		t.Errorf("lowerFirst acronym %q", got)
	}
	if got := lowerFirst("È stata"); got != "è stata" {
		t.Errorf("lowerFirst accent %q", got)
	}
}

func TestNewPDF(t *testing.T) {
	pdf := []byte("%PDF-1.7\n...\n%%EOF\n")
	f, err := NewPDF("file", `C:\Documenti\verbale "finale"`, pdf)
	if err != nil || f.Name != "verbale finale.pdf" || f.Size != int64(len(pdf)) || len(f.SHA256) != 64 || f.ContentType != "application/pdf" {
		t.Fatalf("%+v %v", f, err)
	}
	for name, data := range map[string][]byte{
		"empty":      nil,
		"not a PDF":  []byte("<html>%%EOF"),
		"truncated":  []byte("%PDF-1.7\n1 0 obj"),
		"over 10 MB": append([]byte("%PDF-1.7\n"), append(make([]byte, MaxAttachmentSize), []byte("%%EOF")...)...),
	} {
		if _, err := NewPDF("file", "a.pdf", data); ErrorFields(err)["file"] == "" {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
	if got := (FileInfo{Size: 1536 * 1024}).HumanSize(); got != "1,5 MB" {
		t.Errorf("size %q", got)
	}
}
