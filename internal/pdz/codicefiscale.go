package pdz

import (
	"strconv"
	"strings"
)

// Italian tax codes. The algorithms are those of the Agenzia delle Entrate
// (D.M. 23 dicembre 1976 for the codice fiscale of persons; the partita IVA
// check digit, which is also the check digit of the 11-digit codice fiscale of
// companies, associations and public bodies). No module for them is served to
// this project, and they are short.

// TaxCodeError explains, in Italian, why a tax code is not valid.
type TaxCodeError string

func (e TaxCodeError) Error() string { return string(e) }

// NormalizeTaxCode upper-cases a code and removes the spaces, dots and dashes
// people type inside it.
func NormalizeTaxCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '.', '-', '/':
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// omocodia: the letters that replace the digits 0-9 when two people would
// otherwise have the same code.
const omocodia = "LMNPQRSTUV"

// months is the letter of each month, January first.
const monthLetters = "ABCDEHLMPRST"

// digit positions of a personal code, which omocodia may turn into letters.
var cfDigitPos = [...]int{6, 7, 9, 10, 12, 13, 14}

// oddValues are the values of the characters in the odd positions (1st,
// 3rd, …) for the check character; even positions count 0-9 and A-Z as 0-25.
var oddValues = map[byte]int{
	'0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
	'A': 1, 'B': 0, 'C': 5, 'D': 7, 'E': 9, 'F': 13, 'G': 15, 'H': 17, 'I': 19, 'J': 21, 'K': 2, 'L': 4, 'M': 18,
	'N': 20, 'O': 11, 'P': 3, 'Q': 6, 'R': 8, 'S': 12, 'T': 14, 'U': 16, 'V': 10, 'W': 22, 'X': 25, 'Y': 24, 'Z': 23,
}

// CodiceFiscaleCheckChar returns the check character of the first 15
// characters of a personal codice fiscale (upper case), or 0 if they contain
// a character that is neither a letter nor a digit.
func CodiceFiscaleCheckChar(first15 string) byte {
	if len(first15) != 15 {
		return 0
	}
	sum := 0
	for i := 0; i < 15; i++ {
		c := first15[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c - 'A')
		default:
			return 0
		}
		if i%2 == 0 { // 1st, 3rd, … character
			v = oddValues[c]
		}
		sum += v
	}
	return byte('A' + sum%26)
}

// CheckCodiceFiscale verifies the codice fiscale of a person: 16
// characters, the structure (letters and digits in their places, with the
// omocodia letters accepted in place of digits), a real month and day of
// birth, and the check character. It returns the normalised code and, when
// the code is wrong, an error whose message says why, in Italian.
func CheckCodiceFiscale(s string) (string, error) {
	cf := NormalizeTaxCode(s)
	if cf == "" {
		return cf, TaxCodeError("Indica il codice fiscale.")
	}
	for i := 0; i < len(cf); i++ {
		if c := cf[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return cf, TaxCodeError("Il codice fiscale contiene caratteri non ammessi: usa solo lettere e cifre.")
		}
	}
	if len(cf) != 16 {
		if len(cf) == 11 && isDigits(cf) {
			return cf, TaxCodeError("Questo è un codice fiscale numerico di 11 cifre, come quelli di enti e società: per una persona il codice fiscale ha 16 caratteri.")
		}
		return cf, TaxCodeError("Il codice fiscale di una persona ha 16 caratteri (caratteri indicati: " + strconv.Itoa(len(cf)) + ").")
	}
	// Undo omocodia to read the digits.
	plain := []byte(cf)
	for _, p := range cfDigitPos {
		if i := strings.IndexByte(omocodia, plain[p]); i >= 0 {
			plain[p] = byte('0' + i)
		}
	}
	for i, c := range plain[:15] {
		letter := c >= 'A' && c <= 'Z'
		switch i {
		case 0, 1, 2, 3, 4, 5, 8, 11:
			if !letter {
				return cf, TaxCodeError("Il codice fiscale non ha la struttura prevista: le prime sei lettere, il mese (nona posizione) e la dodicesima posizione devono essere lettere (es. RSSMRA85T10A562S).")
			}
		default:
			if letter {
				return cf, TaxCodeError("Il codice fiscale non ha la struttura prevista: anno, giorno e codice del Comune di nascita devono essere cifre (es. RSSMRA85T10A562S).")
			}
		}
	}
	month := strings.IndexByte(monthLetters, plain[8]) + 1
	if month == 0 {
		return cf, TaxCodeError("Il codice fiscale non è valido: la lettera del mese di nascita (nona posizione) non corrisponde a nessun mese.")
	}
	year, _ := strconv.Atoi(string(plain[6:8]))
	day, _ := strconv.Atoi(string(plain[9:11]))
	if day > 40 { // women: day + 40
		day -= 40
	}
	if day < 1 || day > daysIn(month, year) {
		return cf, TaxCodeError("Il codice fiscale non è valido: il giorno di nascita che contiene non esiste.")
	}
	if want := CodiceFiscaleCheckChar(cf[:15]); cf[15] != want {
		return cf, TaxCodeError("Il codice fiscale non è valido: il carattere di controllo (l'ultimo) non corrisponde. Verifica di averlo trascritto correttamente.")
	}
	return cf, nil
}

// daysIn is the number of days of a month; the century of a two-digit year
// is unknown, so 29 February is accepted in every year divisible by four.
func daysIn(month, yy int) int {
	switch month {
	case 2:
		if yy%4 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// PartitaIVACheckDigit returns the check digit of the first 10 digits of a
// partita IVA or of an 11-digit codice fiscale, or -1 if they are not ten
// digits.
func PartitaIVACheckDigit(first10 string) int {
	if len(first10) != 10 || !isDigits(first10) {
		return -1
	}
	sum := 0
	for i := 0; i < 10; i++ {
		d := int(first10[i] - '0')
		if i%2 == 1 { // 2nd, 4th, … digit: doubled, minus 9 when over 9
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

// CheckPartitaIVA verifies an 11-digit code: a partita IVA or the numeric
// codice fiscale of a company, association or public body (they share the
// algorithm). It returns the normalised code and an Italian error.
func CheckPartitaIVA(s string) (string, error) {
	v := NormalizeTaxCode(s)
	v = strings.TrimPrefix(v, "IT") // "IT01234567890", as printed on invoices
	switch {
	case v == "":
		return v, TaxCodeError("Indica il codice.")
	case !isDigits(v):
		if len(v) == 16 {
			return v, TaxCodeError("Questo sembra il codice fiscale di una persona (16 caratteri): per un'organizzazione indica il codice fiscale numerico di 11 cifre o la partita IVA.")
		}
		return v, TaxCodeError("Il codice deve contenere solo cifre (11 cifre, es. 01234567897).")
	case len(v) != 11:
		return v, TaxCodeError("Il codice deve avere 11 cifre (cifre indicate: " + strconv.Itoa(len(v)) + ").")
	case strings.Trim(v, "0") == "":
		return v, TaxCodeError("Il codice non può essere composto da soli zeri.")
	case int(v[10]-'0') != PartitaIVACheckDigit(v[:10]):
		return v, TaxCodeError("Il codice non è valido: la cifra di controllo (l'ultima) non corrisponde. Verifica di averlo trascritto correttamente.")
	}
	return v, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
