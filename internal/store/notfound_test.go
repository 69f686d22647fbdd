package store

import (
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// "not found" agrees with the gender of what was not found.
func TestNotFoundAgrees(t *testing.T) {
	for what, want := range map[string]string{
		"Proposta":                    "Proposta non trovata.",
		"Manifestazione di interesse": "Manifestazione di interesse non trovata.",
		"Area tematica":               "Area tematica non trovata.",
		"Fonte di finanziamento":      "Fonte di finanziamento non trovata.",
		"Incontro":                    "Incontro non trovato.",
		"Comune":                      "Comune non trovato.",
		"Dato dichiarato":             "Dato dichiarato non trovato.",
	} {
		err := notFound(what)
		if pdz.ErrorCode(err) != pdz.ENOTFOUND || pdz.ErrorMessage(err) != want {
			t.Errorf("%s: %q", what, pdz.ErrorMessage(err))
		}
	}
}
