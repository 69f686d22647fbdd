package security

import (
	"crypto/rand"
	"strings"
)

// codeAlphabet has no letters or digits people confuse (0/O, 1/I/L, 2/Z,
// 5/S, 8/B): a code is read aloud, copied from a slip or typed on a phone.
const codeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// VoteCode returns a random voting code of 8 characters (about 37 bits):
// short-lived (valid while one vote is open) and tied to one organisation.
func VoteCode() string {
	out := make([]byte, 0, 8)
	b := make([]byte, 16)
	for len(out) < 8 {
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		for _, x := range b {
			// 250 is the largest multiple of the alphabet's 25 letters
			// below 256: rejecting the rest keeps every letter equally likely.
			if x < 250 && len(out) < 8 {
				out = append(out, codeAlphabet[int(x)%len(codeAlphabet)])
			}
		}
	}
	return string(out)
}

// NormalizeVoteCode turns what a person typed ("acde-fg hj") into the
// stored form ("ACDEFGHJ").
func NormalizeVoteCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}

// FormatVoteCode shows a code in two groups: "ACDE-FGHJ".
func FormatVoteCode(code string) string {
	if len(code) != 8 {
		return code
	}
	return code[:4] + "-" + code[4:]
}

// RandomID returns a random positive 63-bit identifier: the ids of
// anonymous ballots, which must not tell the order of their rows.
func RandomID() int64 {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var n int64
	for _, x := range b {
		n = n<<8 | int64(x)
	}
	n &= 1<<63 - 1
	if n == 0 {
		return 1
	}
	return n
}
