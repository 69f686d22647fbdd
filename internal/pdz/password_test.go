package pdz

import (
	"strings"
	"testing"
	"time"
)

func TestCheckPasswordRefusesWeakOnes(t *testing.T) {
	related := []string{"mario.rossi@comune.casarano.le.it", "Mario Rossi", "Ambito di Casarano"}
	name := "contiene il nome, l'indirizzo e-mail"
	for _, tc := range []struct{ pw, why string }{
		{"corta", "almeno 12 caratteri"},
		{"aaaaaaaaaaa", "almeno 12 caratteri"},
		{"àèìòùàèìòù", "almeno 12 caratteri"}, // 10 letters, 20 bytes
		{"aaaaaaaaaaaa", "ripete"},
		{"abcabcabcabcabc", "ripete"},
		{"pdzpdzpdzpdz", "ripete"},
		{"password1234", "password molto comune"},
		{"123456789012", "password molto comune"},
		{"qwertyuiopas", "password molto comune"},
		{"Juventus1897", "password molto comune"},
		{"abcdefghijklmnop", "sequenza"},
		{"mario.rossi2026", name},
		{"mario.rossi1234", name},
		{"mariorossi1234", name},
		{"MarioRossi!2026", name},
		{"rossimario2026", name},
		{"casarano2026!", name},
		{"pdz-casarano-2026", name},
		{"pianodizona2026", name},
		{strings.Repeat("x", 257), "al massimo 256 caratteri"},
		{"password12\xff\xfe", "caratteri non validi"},
	} {
		got := CheckPassword(tc.pw, related...)
		if !strings.Contains(got, tc.why) {
			t.Errorf("%q: %q, want it to say %q", tc.pw, got, tc.why)
		}
		if tc.why != "al massimo 256 caratteri" && tc.why != "caratteri non validi" && !strings.Contains(got, "frase di quattro o più parole") {
			t.Errorf("%q: %q suggests no passphrase", tc.pw, got)
		}
	}
}

func TestCheckPasswordAcceptsStrongOnes(t *testing.T) {
	related := []string{"mario.rossi@comune.casarano.le.it", "Mario Rossi", "Ambito di Casarano"}
	for _, pw := range []string{
		"vaso matita ponte autunno",
		"una nuova frase lunga",
		"correct horse battery",
		"trombone-giallo-vento",
		"Lumaca7Treno!Quaderno",
		"k3J9-vQz2-LmT8",
		"Qw9vT_3nxYpL0aZr8uKd",                // like the demo's random password
		strings.Repeat("mela pera fico ", 17), // 255 bytes: the estimator reads the start
	} {
		if got := CheckPassword(pw, related...); got != "" {
			t.Errorf("%q refused: %s", pw, got)
		}
	}
	// The same words are refused once they are the person's own.
	if got := CheckPassword("trombone-giallo-vento", "trombone.giallo@example.org"); got == "" {
		t.Error("a password made of the e-mail's local part is accepted")
	}
}

// The estimator's time grows with the length: the longest password still
// answers at once.
func TestCheckPasswordTimeBounded(t *testing.T) {
	start := time.Now()
	for _, pw := range []string{strings.Repeat("a1!", 85), strings.Repeat("qwerty", 42), strings.Repeat("password", 32)} {
		CheckPassword(pw, "mario.rossi@example.org", "Mario Rossi")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("three long passwords took %v", d)
	}
}
