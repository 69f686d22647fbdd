package pdz

import (
	"testing"
	"time"
)

// A day without a time is the midnight that starts it, in every zone: the
// zero Clock once gave 23:59 of the day before (and every exported date
// came out a day early).
func TestDateAtWithoutTime(t *testing.T) {
	d := NewDate(2004, 5, 10)
	for _, name := range []string{"UTC", "Europe/Rome", "America/New_York", "Pacific/Auckland"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		got := d.At(Clock{}, loc)
		if got.Year() != 2004 || got.Month() != time.May || got.Day() != 10 || got.Hour() != 0 || got.Minute() != 0 || got.Location() != loc {
			t.Errorf("%s: %v, want 2004-05-10 00:00 in %s", name, got, name)
		}
		if DateOf(got) != d {
			t.Errorf("%s: the day of %v is %v", name, got, DateOf(got))
		}
	}
	// a time given is kept
	rome, _ := time.LoadLocation("Europe/Rome")
	if got := d.At(NewClock(0, 0), rome); got.Day() != 10 || got.Hour() != 0 {
		t.Errorf("00:00: %v", got)
	}
	if got := d.At(NewClock(18, 30), rome); got.Day() != 10 || got.Hour() != 18 || got.Minute() != 30 {
		t.Errorf("18:30: %v", got)
	}
}

// What the drivers return for a DATE column is read as the same civil day
// whatever the machine's zone.
func TestDateScanIsCivil(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, name := range []string{"UTC", "Europe/Rome", "America/New_York"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		time.Local = loc
		for _, src := range []any{"2004-05-10", []byte("2004-05-10"), time.Date(2004, 5, 10, 0, 0, 0, 0, time.UTC), time.Date(2004, 5, 10, 0, 0, 0, 0, loc)} {
			var d Date
			if err := d.Scan(src); err != nil || d != NewDate(2004, 5, 10) {
				t.Errorf("TZ %s: Scan(%#v) = %v, %v", name, src, d, err)
			}
		}
	}
}
