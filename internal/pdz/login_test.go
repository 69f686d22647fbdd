package pdz

import (
	"testing"
	"time"
)

func TestLoginRetryAt(t *testing.T) {
	last := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	s := time.Second
	for _, tc := range []struct {
		name string
		f    LoginFailures
		want time.Duration // after last; 0: no wait
	}{
		{"nothing", LoginFailures{}, 0},
		{"4 for the pair", LoginFailures{Pair: 4, PairLast: last}, 0},
		{"5 for the pair", LoginFailures{Pair: 5, PairLast: last}, s},
		{"6 for the pair", LoginFailures{Pair: 6, PairLast: last}, 2 * s},
		{"14 for the pair", LoginFailures{Pair: 14, PairLast: last}, 512 * s},
		{"15 for the pair: capped", LoginFailures{Pair: 15, PairLast: last}, 15 * time.Minute},
		{"1000 for the pair", LoginFailures{Pair: 1000, PairLast: last}, 15 * time.Minute},
		{"49 from the address", LoginFailures{Address: 49, AddressLast: last}, 0},
		{"50 from the address", LoginFailures{Address: 50, AddressLast: last}, s},
		{"53 from the address", LoginFailures{Address: 53, AddressLast: last}, 8 * s},
		{"40 on the account from one address", LoginFailures{Account: 40, AccountAddresses: 1, AccountLast: last}, 0},
		{"40 on the account from 9 addresses", LoginFailures{Account: 40, AccountAddresses: 9, AccountLast: last}, 0},
		{"10 on the account from 10 addresses", LoginFailures{Account: 10, AccountAddresses: 10, AccountLast: last}, s},
		{"12 on the account from 10 addresses", LoginFailures{Account: 12, AccountAddresses: 10, AccountLast: last}, 4 * s},
		{"the longest wins", LoginFailures{Pair: 5, PairLast: last, Address: 52, AddressLast: last.Add(-s)}, 3 * s},
	} {
		got := tc.f.RetryAt()
		if tc.want == 0 {
			if !got.IsZero() {
				t.Errorf("%s: wait until %v, want none", tc.name, got)
			}
			continue
		}
		if d := got.Sub(last); d != tc.want {
			t.Errorf("%s: wait %v, want %v", tc.name, d, tc.want)
		}
	}
}
