package pdz

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 12

// maxPasswordLen bounds what is hashed; passwordCheckedRunes bounds what the
// estimator reads, since its time grows quickly with the length (a
// passphrase this long is strong whatever follows).
const (
	maxPasswordLen       = 256
	passwordCheckedRunes = 64
	// minPasswordScore is zxcvbn's score 3: at least 10⁸ guesses, "safely
	// unguessable" for an attacker throttled online, as logins are.
	minPasswordScore = 3
)

// passwordAdvice closes every refusal for weakness.
const passwordAdvice = " Conviene una frase di quattro o più parole scelte a caso, facile da ricordare e difficile da indovinare."

// passwordWords are guessed first by anyone attacking this platform.
var passwordWords = []string{"pdz", "piano di zona", "piano sociale di zona", "ambito", "ufficio di piano", "ambito territoriale sociale"}

// CheckPassword returns the Italian reason a new password is refused, or "".
// related are what an attacker knows of the account (its e-mail, the
// person's name, the Ambito's name): a password built on them is refused.
func CheckPassword(pw string, related ...string) string {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return "La password deve avere almeno " + itoa(MinPasswordLen) + " caratteri." + passwordAdvice
	}
	if len(pw) > maxPasswordLen {
		return "La password può avere al massimo " + itoa(maxPasswordLen) + " caratteri."
	}
	if !utf8.ValidString(pw) {
		return "La password contiene caratteri non validi."
	}
	checked := pw
	if n > passwordCheckedRunes {
		checked = string([]rune(pw)[:passwordCheckedRunes])
	}
	inputs := passwordInputs(related)
	res := zxcvbn.PasswordStrength(checked, inputs)
	if res.Score < minPasswordScore {
		return "La password è troppo facile da indovinare: " + weakness(res.Sequence) + "." + passwordAdvice
	}
	// The estimator prices a name as one word among the account's data; but
	// "rossimario2026" is guessed at once by who knows Mario Rossi. What is
	// left once the account's words are taken out must be strong alone.
	lower := strings.ToLower(checked)
	if rest := withoutWords(lower, inputs); rest != lower && zxcvbn.PasswordStrength(rest, nil).Score < minPasswordScore {
		return "La password è troppo facile da indovinare: " + accountWeakness + "." + passwordAdvice
	}
	return ""
}

const accountWeakness = "contiene il nome, l'indirizzo e-mail o un altro dato collegato all'account, come il nome dell'Ambito o «pdz»"

// withoutWords removes from s every occurrence of the words, the longest
// first.
func withoutWords(s string, words []string) string {
	ws := slices.Clone(words)
	slices.SortStableFunc(ws, func(a, b string) int { return len(b) - len(a) })
	for _, w := range ws {
		s = strings.ReplaceAll(s, w, "")
	}
	return s
}

// passwordInputs turns what is known of the account into the words an
// attacker would try: each whole, each of its parts, and the parts run
// together ("mario.rossi@comune.it" gives "mario.rossi", "mario", "rossi",
// "mariorossi", "comune"…).
func passwordInputs(related []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(w string) {
		if len([]rune(w)) >= 3 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, r := range append(related, passwordWords...) {
		r = strings.ToLower(strings.TrimSpace(r))
		add(r)
		local, _, isEmail := strings.Cut(r, "@")
		if isEmail {
			add(local)
			add(strings.Join(words(local), ""))
		}
		ws := words(r)
		add(strings.Join(ws, ""))
		for _, w := range ws {
			add(w)
		}
	}
	return out
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// weakness says in Italian why the estimator finds a password easy: the
// part of the account it contains first, otherwise the longest pattern it
// recognised.
func weakness(seq []*match.Match) string {
	var longest *match.Match
	for _, m := range seq {
		if m.Pattern == "dictionary" && m.DictionaryName == "user_inputs" {
			return accountWeakness
		}
		if m.Pattern != "bruteforce" && (longest == nil || len(m.Token) > len(longest.Token)) {
			longest = m
		}
	}
	if longest == nil {
		return "è troppo prevedibile"
	}
	switch longest.Pattern {
	case "repeat":
		for _, b := range longest.BaseMatches {
			if b.Pattern == "dictionary" && b.DictionaryName == "user_inputs" {
				return accountWeakness
			}
		}
		return "ripete gli stessi caratteri o gli stessi gruppi di caratteri"
	case "sequence":
		return "è una sequenza, come «abcd» o «1234»"
	case "spatial":
		return "segue tasti vicini sulla tastiera, come «qwerty»"
	case "date", "regex":
		return "è costruita su una data o un anno"
	case "dictionary":
		return "è, o contiene, una parola o una password molto comune"
	}
	return "è troppo prevedibile"
}
