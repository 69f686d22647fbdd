package pdz

import "time"

// Login throttling (see docs/DECISIONS.md, "Sign-in and passwords"):
// failures are weighed per account and address pair, per address and per
// account, each with a free allowance and then a delay that doubles with
// every further failure, so that an attacker slows down only what they
// attack from where they attack it.
const (
	// LoginFailureWindow is how long a failure counts.
	LoginFailureWindow = 24 * time.Hour
	// LoginPairFree failures of an account from one address are free.
	LoginPairFree = 5
	// LoginAddressFree failures from one address, whatever the accounts,
	// are free: high, since an office shares one address.
	LoginAddressFree = 50
	// LoginAccountAddresses is how many addresses must have failed on one
	// account before the account itself is slowed down: one address alone
	// never slows down the owner elsewhere.
	LoginAccountAddresses = 10
	// LoginAccountFree failures of an account (from at least
	// LoginAccountAddresses addresses) are free.
	LoginAccountFree = 10
	// MinLoginDelay is the first delay, MaxLoginDelay the longest.
	MinLoginDelay = time.Second
	MaxLoginDelay = 15 * time.Minute
)

// LoginFailures are the failed logins within LoginFailureWindow that bear
// on an attempt for an account from an address.
type LoginFailures struct {
	Pair             int // this account from this address
	PairLast         time.Time
	Address          int // this address, any account
	AddressLast      time.Time
	Account          int // this account, any address
	AccountAddresses int // the addresses of those
	AccountLast      time.Time
}

// RetryAt is when the next attempt may be made; the zero time or a time
// already past means now.
func (f LoginFailures) RetryAt() time.Time {
	at := loginBackoff(f.Pair, LoginPairFree, f.PairLast)
	if a := loginBackoff(f.Address, LoginAddressFree, f.AddressLast); a.After(at) {
		at = a
	}
	if f.AccountAddresses >= LoginAccountAddresses {
		if a := loginBackoff(f.Account, LoginAccountFree, f.AccountLast); a.After(at) {
			at = a
		}
	}
	return at
}

// loginBackoff: after free failures, MinLoginDelay after the last one,
// doubled for each further failure, at most MaxLoginDelay.
func loginBackoff(failures, free int, last time.Time) time.Time {
	if failures < free {
		return time.Time{}
	}
	d := MinLoginDelay
	for i := free; i < failures && d < MaxLoginDelay; i++ {
		d *= 2
	}
	return last.Add(min(d, MaxLoginDelay))
}
