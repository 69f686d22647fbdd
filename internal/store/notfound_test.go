package store

import (
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The "not found" message reaches people (pages and the API): its
// participle agrees with the noun.
func TestNotFoundAgrees(t *testing.T) {
	for what, want := range map[string]string{
		"Proposta":                    "Proposta non trovata.",
		"Manifestazione di interesse": "Manifestazione di interesse non trovata.",
		"Area tematica":               "Area tematica non trovata.",
		"Fonte di finanziamento":      "Fonte di finanziamento non trovata.",
		"Seduta":                      "Seduta non trovata.",
		"Votazione":                   "Votazione non trovata.",
		"Incontro":                    "Incontro non trovato.",
		"Comune":                      "Comune non trovato.",
		"Verbale firmato":             "Verbale firmato non trovato.",
	} {
		err := notFound(what)
		if pdz.ErrorCode(err) != pdz.ENOTFOUND || pdz.ErrorMessage(err) != want {
			t.Errorf("notFound(%q) = %q, want %q", what, pdz.ErrorMessage(err), want)
		}
	}
}
