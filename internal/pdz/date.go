package pdz

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time zone: the day of a meeting, the date of
// an act. The zero Date means "no date".
type Date struct {
	t time.Time // midnight UTC of the day; zero for no date
}

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads "2006-01-02" (what HTML date inputs send) or "02/01/2006"
// (what Italian users type). The empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("data non valida: %q", s)
}

// DateOf returns the calendar day of t in its own location.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

func (d Date) IsZero() bool          { return d.t.IsZero() }
func (d Date) Year() int             { return d.t.Year() }
func (d Date) Month() time.Month     { return d.t.Month() }
func (d Date) Day() int              { return d.t.Day() }
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }
func (d Date) Before(o Date) bool    { return d.t.Before(o.t) }
func (d Date) After(o Date) bool     { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool     { return d.t.Equal(o.t) }
func (d Date) AddDays(n int) Date    { return Date{d.t.AddDate(0, 0, n)} }

// String is the ISO form, "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// At returns the instant of the wall-clock time c on day d in loc; the zero
// Clock (no time given) is midnight at the start of the day. (The zero
// Clock's Minute is -1: used as such it gave 23:59 of the day before, and
// exports showed every date a day early.)
func (d Date) At(c Clock, loc *time.Location) time.Time {
	if c.IsZero() {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, loc)
}

// Value stores a Date as "2006-01-02" text, NULL when zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads what either database driver returns for a date column.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = NewDate(v.Year(), v.Month(), v.Day())
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("pdz.Date: cannot scan %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	v, err := ParseDate(s)
	*d = v
	return err
}

func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// Clock is a wall-clock time of day to the minute. The zero Clock means "no
// time given" (a notice may give a day without an hour).
type Clock struct {
	min int // minutes after midnight + 1; 0 for none
}

// NewClock returns hh:mm.
func NewClock(h, m int) Clock { return Clock{h*60 + m + 1} }

// ParseClock reads "9:30", "09:30", "9.30" or "9,30" (the seeds use all three).
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Clock{}, nil
	}
	s = strings.NewReplacer(".", ":", ",", ":").Replace(s)
	hs, ms, ok := strings.Cut(s, ":")
	if !ok {
		ms = "00"
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(ms) != 2 {
		return Clock{}, fmt.Errorf("orario non valido: %q", s)
	}
	return NewClock(h, m), nil
}

func (c Clock) IsZero() bool { return c.min == 0 }
func (c Clock) Hour() int    { return (c.min - 1) / 60 }
func (c Clock) Minute() int  { return (c.min - 1) % 60 }

// Minutes is the number of minutes after midnight.
func (c Clock) Minutes() int { return c.min - 1 }

// String is "15:04", "" for the zero Clock.
func (c Clock) String() string {
	if c.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute())
}

func (c Clock) Value() (driver.Value, error) {
	if c.IsZero() {
		return nil, nil
	}
	return c.String(), nil
}

func (c *Clock) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = Clock{}
		return nil
	case string:
		x, err := ParseClock(v)
		*c = x
		return err
	case []byte:
		x, err := ParseClock(string(v))
		*c = x
		return err
	}
	return fmt.Errorf("pdz.Clock: cannot scan %T", src)
}

func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	*c = v
	return err
}
