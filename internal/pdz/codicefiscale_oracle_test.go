package pdz

import (
	"strings"
	"testing"
)

// The check characters below are computed by an independent
// implementation of the published algorithms, written from the tables of
// D.M. 23 dicembre 1976 (allegato: "caratteri dispari" and "caratteri
// pari") typed here again, row by row as they are printed, not derived
// from codicefiscale.go: a typo in either would show as a difference.

// cfOddTable is the published table of the characters in odd positions:
// each row is "character value", digits and letters with the same value
// printed side by side as in the decree.
const cfOddTable = `0 1  A 1
1 0  B 0
2 5  C 5
3 7  D 7
4 9  E 9
5 13 F 13
6 15 G 15
7 17 H 17
8 19 I 19
9 21 J 21
K 2
L 4
M 18
N 20
O 11
P 3
Q 6
R 8
S 12
T 14
U 16
V 10
W 22
X 25
Y 24
Z 23`

// cfEvenTable is the table of the characters in even positions: digits
// 0-9 are worth 0-9, letters A-Z 0-25.
const cfEvenTable = `0 0  A 0
1 1  B 1
2 2  C 2
3 3  D 3
4 4  E 4
5 5  F 5
6 6  G 6
7 7  H 7
8 8  I 8
9 9  J 9
K 10
L 11
M 12
N 13
O 14
P 15
Q 16
R 17
S 18
T 19
U 20
V 21
W 22
X 23
Y 24
Z 25`

func parseCFTable(t testing.TB, table string) map[byte]int {
	t.Helper()
	out := map[byte]int{}
	for _, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		for i := 0; i+1 < len(f); i += 2 {
			n := 0
			for _, c := range f[i+1] {
				n = n*10 + int(c-'0')
			}
			out[f[i][0]] = n
		}
	}
	if len(out) != 36 {
		t.Fatalf("table has %d characters, want 36", len(out))
	}
	return out
}

// oracleCheckChar is the check character of a 15-character prefix by the
// tables above: the sum of the values (odd table for the 1st, 3rd, …
// character; even table for the 2nd, 4th, …) modulo 26, as a letter.
func oracleCheckChar(odd, even map[byte]int, s string) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		if i%2 == 0 {
			sum += odd[s[i]]
		} else {
			sum += even[s[i]]
		}
	}
	return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[sum%26]
}

// oraclePartitaIVA is the check digit of ten digits (the Luhn scheme of the
// Agenzia delle Entrate): digits in odd places summed; in even places
// doubled, and the two digits of the result summed; the check digit brings
// the total to a multiple of ten.
func oraclePartitaIVA(s string) int {
	x, y := 0, 0
	for i := 0; i < 10; i++ {
		d := int(s[i] - '0')
		if i%2 == 0 {
			x += d
		} else {
			y += (2*d)/10 + (2*d)%10
		}
	}
	return (10 - (x+y)%10) % 10
}

const cfAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Every character, in every one of the 15 positions, with the check
// character of the independent tables; and codes whose check characters
// were worked out by hand from the decree's tables.
func TestCodiceFiscaleCheckCharEveryCharacterEveryPosition(t *testing.T) {
	odd, even := parseCFTable(t, cfOddTable), parseCFTable(t, cfEvenTable)
	// Codes published with their check characters (the Agenzia's example
	// RSSMRA85T10A562S and others of the documentation).
	for _, tc := range []struct{ first15, want string }{
		{"RSSMRA85T10A562", "S"}, {"MRTMTT25D09F205", "Z"}, {"BNCGLI70E41F205", "L"},
		{"RSSMRA80A01H501", "U"}, {"RSSMRA80A41H501", "Y"},
	} {
		if got := string(CodiceFiscaleCheckChar(tc.first15)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.first15, got, tc.want)
		}
		if got := string(oracleCheckChar(odd, even, tc.first15)); got != tc.want {
			t.Fatalf("the test's tables are wrong: %s gives %s, want %s", tc.first15, got, tc.want)
		}
	}
	const base = "AAAAAAAAAAAAAAA"
	for pos := 0; pos < 15; pos++ {
		for i := 0; i < len(cfAlphabet); i++ {
			s := base[:pos] + cfAlphabet[i:i+1] + base[pos+1:]
			if got, want := CodiceFiscaleCheckChar(s), oracleCheckChar(odd, even, s); got != want {
				t.Errorf("%s (%c in position %d): check character %c, want %c", s, cfAlphabet[i], pos+1, got, want)
			}
		}
	}
	// Valid codes with F-K, O, Q, W-Z, 4 and 6 in odd positions (the
	// letters of the name in the 1st, 3rd and 5th places; 4 and 6 in the
	// 7th, 11th, 13th and 15th) are accepted with the oracle's check
	// character and refused with any other.
	for _, first15 := range []string{"FAGAHA46A04Z646", "IAJAKA46A04Z646", "OAQAWA46A04Z646", "XAYAZA46A04Z646"} {
		want := oracleCheckChar(odd, even, first15)
		if _, err := CheckCodiceFiscale(first15 + string(want)); err != nil {
			t.Errorf("%s%c: %v", first15, want, err)
		}
		for c := byte('A'); c <= 'Z'; c++ {
			if c == want {
				continue
			}
			if _, err := CheckCodiceFiscale(first15 + string(c)); err == nil {
				t.Errorf("%s%c accepted, check character is %c", first15, c, want)
			}
		}
	}
}

func TestPartitaIVACheckDigitEveryDigitEveryPosition(t *testing.T) {
	for pos := 0; pos < 10; pos++ {
		for d := byte('0'); d <= '9'; d++ {
			s := []byte("0000000000")
			s[pos] = d
			if got, want := PartitaIVACheckDigit(string(s)), oraclePartitaIVA(string(s)); got != want {
				t.Errorf("%s: %d, want %d", s, got, want)
			}
		}
	}
	// Real codes (Agenzia delle Entrate, INPS, a listed company): the
	// oracle must agree with them before it judges the code under test.
	for _, code := range []string{"06363391001", "80078750587", "02121151001", "00743110157", "12345678903"} {
		if got := oraclePartitaIVA(code[:10]); got != int(code[10]-'0') {
			t.Fatalf("the test's oracle is wrong on %s: %d", code, got)
		}
	}
}
