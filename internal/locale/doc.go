// Package locale formats dates, times, numbers and money the Italian way and
// holds the Europe/Rome time zone the product lives in.
//
// Money is always integer euro cents; nothing here formats floats as money.
package locale
