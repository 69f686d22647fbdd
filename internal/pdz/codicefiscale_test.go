package pdz

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// codeCase is a code typed, its normal form when valid, and otherwise part
// of the message that refuses it.
type codeCase struct {
	in, norm string
	msg      string // "" when valid
}

func checkCodes(t *testing.T, check func(string) (string, error), cases []codeCase) {
	t.Helper()
	for _, tc := range cases {
		got, err := check(tc.in)
		switch {
		case tc.msg == "" && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case tc.msg == "" && got != tc.norm:
			t.Errorf("%q: normalised to %q, want %q", tc.in, got, tc.norm)
		case tc.msg != "" && err == nil:
			t.Errorf("%q: accepted, want %q", tc.in, tc.msg)
		case tc.msg != "" && !strings.Contains(err.Error(), tc.msg):
			t.Errorf("%q: %q, want %q", tc.in, err, tc.msg)
		}
	}
}

func TestCheckCodiceFiscale(t *testing.T) {
	cases := []codeCase{
		// Valid: the examples of the Agenzia delle Entrate and of common
		// documentation, a woman (day + 40), omocodia in one and in every
		// digit position, lower case and spaces as people type them.
		{"RSSMRA85T10A562S", "RSSMRA85T10A562S", ""},
		{"MRTMTT25D09F205Z", "MRTMTT25D09F205Z", ""},
		{"RSSMRA80A01H501U", "RSSMRA80A01H501U", ""},
		{"BNCGLI70E41F205L", "BNCGLI70E41F205L", ""},
		{"RSSMRA80A41H501Y", "RSSMRA80A41H501Y", ""},
		{"RSSMRA85T10A56NH", "RSSMRA85T10A56NH", ""},
		{"RSSMRA85T10A5RNS", "RSSMRA85T10A5RNS", ""},
		{"RSSMRAURTMLARNNG", "RSSMRAURTMLARNNG", ""},
		{"rssmra85t10a562s", "RSSMRA85T10A562S", ""},
		{" RSS MRA 85T10 A562S ", "RSSMRA85T10A562S", ""},
		{"VRDGPP13R10B293P", "VRDGPP13R10B293P", ""},
		// Invalid.
		{"", "", "Indica il codice fiscale"},
		{"RSSMRA85T10A562", "", "16 caratteri (caratteri indicati: 15)"},
		{"RSSMRA85T10A562SS", "", "16 caratteri (caratteri indicati: 17)"},
		{"80078750587", "", "codice fiscale numerico di 11 cifre"},
		{"RSSMRA85T10A562T", "", "carattere di controllo"},
		{"RSSMRA85T10A526S", "", "carattere di controllo"}, // two digits swapped
		{"BNCGLI70E41F205Q", "", "carattere di controllo"},
		{"RSSMRA85Z10A562S", "", "mese di nascita"},
		{"RSSMRA85T32A562S", "", "giorno di nascita"},
		{"RSSMRA85T00A562S", "", "giorno di nascita"},
		{"RSSMRA85B30A562S", "", "giorno di nascita"}, // 30 February
		{"RSSMRA85T72A562S", "", "giorno di nascita"}, // 72 - 40 = 32
		{"RSSMR185T10A562S", "", "struttura prevista"},
		{"RSSMRA8WT10A562S", "", "struttura prevista"}, // W is not an omocodia letter
		{"RSSMRA85T10AA62S", "", "struttura prevista"},
		{"RSSMRA85T10A562Ş", "", "caratteri non ammessi"},
		{"RSSMRA85T10A56_S", "", "caratteri non ammessi"},
	}
	checkCodes(t, CheckCodiceFiscale, cases)
	// 29 February is accepted in years divisible by four only.
	for _, tc := range []struct {
		code string
		ok   bool
	}{{"RSSMRA84B29A562", true}, {"RSSMRA00B29A562", true}, {"RSSMRA85B29A562", false}} {
		code := tc.code + string(CodiceFiscaleCheckChar(tc.code))
		if _, err := CheckCodiceFiscale(code); (err == nil) != tc.ok {
			t.Errorf("%s: %v", code, err)
		}
	}
}

func TestCheckPartitaIVA(t *testing.T) {
	cases := []codeCase{
		// Valid: the codes of the Agenzia delle Entrate (06363391001), of
		// INPS (codice fiscale 80078750587, partita IVA 02121151001), of a
		// listed company (00743110157) and of the usual documentation example.
		{"06363391001", "06363391001", ""},
		{"80078750587", "80078750587", ""},
		{"02121151001", "02121151001", ""},
		{"00743110157", "00743110157", ""},
		{"12345678903", "12345678903", ""},
		{"IT 02121151001", "02121151001", ""},
		{"021 2115 1001", "02121151001", ""},
		// Invalid.
		{"", "", "Indica il codice"},
		{"06363391002", "", "cifra di controllo"},
		{"06363931001", "", "cifra di controllo"}, // two digits swapped
		{"12345678901", "", "cifra di controllo"},
		{"0636339100", "", "11 cifre (cifre indicate: 10)"},
		{"063633910011", "", "11 cifre (cifre indicate: 12)"},
		{"00000000000", "", "soli zeri"},
		{"0636339100A", "", "solo cifre"},
		{"RSSMRA85T10A562S", "", "codice fiscale di una persona"},
	}
	checkCodes(t, CheckPartitaIVA, cases)
	// Every single-digit error is caught.
	const good = "06363391001"
	for i := 0; i < len(good); i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == good[i] {
				continue
			}
			bad := good[:i] + string(d) + good[i+1:]
			if _, err := CheckPartitaIVA(bad); err == nil {
				t.Errorf("%s (digit %d changed) accepted", bad, i+1)
			}
		}
	}
}

// FuzzCheckCodiceFiscale: no input panics; an accepted code is 16 upper-case
// letters or digits, stays accepted once normalised, ends with the check
// character of the test's own tables (codicefiscale_oracle_test.go, not the
// code under test), and changing its check character makes it fail. The
// check character of any 15 letters and digits agrees with those tables.
func FuzzCheckCodiceFiscale(f *testing.F) {
	for _, s := range []string{"RSSMRA85T10A562S", "RSSMRAURTMLARNNG", "rssmra85t10a562s", "", "RSSMRA85T10A562", "80078750587", "ÀÈÌ", "RSSMRA85T10A56\x00S",
		"XAYAZA46A04Z646", "FGHIJKOQWXYZ464"} {
		f.Add(s)
	}
	odd, even := parseCFTable(f, cfOddTable), parseCFTable(f, cfEvenTable)
	f.Fuzz(func(t *testing.T, s string) {
		if u := NormalizeTaxCode(s); len(u) >= 15 {
			first15 := u[:15]
			if strings.Trim(first15, cfAlphabet) == "" {
				if got, want := CodiceFiscaleCheckChar(first15), oracleCheckChar(odd, even, first15); got != want {
					t.Fatalf("%s: check character %c, want %c", first15, got, want)
				}
			}
		}
		norm, err := CheckCodiceFiscale(s)
		if err != nil {
			if err.Error() == "" || !utf8.ValidString(err.Error()) {
				t.Fatalf("%q: empty or invalid message", s)
			}
			return
		}
		if len(norm) != 16 || strings.ToUpper(norm) != norm {
			t.Fatalf("%q accepted as %q", s, norm)
		}
		if again, err := CheckCodiceFiscale(norm); err != nil || again != norm {
			t.Fatalf("%q: normalised %q not stable: %q %v", s, norm, again, err)
		}
		if want := oracleCheckChar(odd, even, norm[:15]); norm[15] != want {
			t.Fatalf("%q accepted with check character %c, want %c", norm, norm[15], want)
		}
		other := byte('A' + (norm[15]-'A'+1)%26)
		if _, err := CheckCodiceFiscale(norm[:15] + string(other)); err == nil {
			t.Fatalf("%q: a wrong check character is accepted", norm)
		}
	})
}

// FuzzCheckPartitaIVA: no input panics; an accepted code is 11 digits whose
// last is the check digit of the first ten by the test's own oracle
// (oraclePartitaIVA), and any other last digit fails.
func FuzzCheckPartitaIVA(f *testing.F) {
	for _, s := range []string{"06363391001", "IT02121151001", "00000000000", "", "0636339100", "RSSMRA85T10A562S", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		norm, err := CheckPartitaIVA(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: empty message", s)
			}
			return
		}
		if len(norm) != 11 || !isDigits(norm) || int(norm[10]-'0') != oraclePartitaIVA(norm[:10]) {
			t.Fatalf("%q accepted as %q", s, norm)
		}
		other := byte('0' + (norm[10]-'0'+1)%10)
		if _, err := CheckPartitaIVA(norm[:10] + string(other)); err == nil {
			t.Fatalf("%q: a wrong check digit is accepted", norm)
		}
	})
}

// Every message about a partita IVA agrees with its feminine noun.
func TestPartitaIVAMessagesAgree(t *testing.T) {
	for in, want := range map[string]string{
		"12345678901": "La partita IVA non è valida: la cifra di controllo (l'ultima) non corrisponde. Verifica di averla trascritta correttamente.",
		"00000000000": "La partita IVA non può essere composta da soli zeri.",
		"1234":        "La partita IVA deve avere 11 cifre (cifre indicate: 4).",
		"12345A78901": "La partita IVA deve contenere solo cifre (11 cifre, es. 01234567897).",
	} {
		r := Registration{Kind: RegistrantOrganisation, VATNumber: in}
		got := ErrorFields(r.Validate(&Process{}, Date{}))["vat_number"]
		if got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}
