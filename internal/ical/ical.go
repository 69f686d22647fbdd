// Package ical writes iCalendar files (RFC 5545) for the meetings of a
// process: Europe/Rome times with their VTIMEZONE, all-day periods, stable
// UIDs, escaped and folded lines. It knows nothing of HTTP or storage.
package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Event is one VEVENT. A timed event has Start (and usually End) in
// Europe/Rome; an all-day event has Day and, for periods, LastDay.
type Event struct {
	UID         string
	Stamp       time.Time // last change, written as DTSTAMP and LAST-MODIFIED
	Summary     string
	Description string
	Location    string
	URL         string
	Categories  []string

	Start, End   time.Time // timed event; End may be zero
	Day, LastDay pdz.Date  // all-day event when Start is zero
}

// Calendar is a VCALENDAR.
type Calendar struct {
	Name   string
	Events []Event
}

// vtimezone describes Europe/Rome with the EU summer-time rules in force
// since 1996, which clients use to convert the local times below.
const vtimezone = `BEGIN:VTIMEZONE
TZID:Europe/Rome
X-LIC-LOCATION:Europe/Rome
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`

// Write renders the calendar with CRLF line ends.
func Write(c Calendar, rome *time.Location) []byte {
	var b bytes.Buffer
	line := func(s string) { fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//pdz//Piano Sociale di Zona//IT")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME:" + escape(c.Name))
	}
	line("X-WR-TIMEZONE:Europe/Rome")
	for _, l := range strings.Split(vtimezone, "\n") {
		line(l)
	}
	for _, e := range c.Events {
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		stamp := e.Stamp.UTC().Format("20060102T150405Z")
		line("DTSTAMP:" + stamp)
		line("LAST-MODIFIED:" + stamp)
		if !e.Start.IsZero() {
			line("DTSTART;TZID=Europe/Rome:" + e.Start.In(rome).Format("20060102T150405"))
			if !e.End.IsZero() {
				line("DTEND;TZID=Europe/Rome:" + e.End.In(rome).Format("20060102T150405"))
			}
		} else {
			last := e.LastDay
			if last.IsZero() {
				last = e.Day
			}
			line("DTSTART;VALUE=DATE:" + compactDate(e.Day))
			line("DTEND;VALUE=DATE:" + compactDate(last.AddDays(1))) // exclusive end
		}
		line("SUMMARY:" + escape(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + escape(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + escape(e.Description))
		}
		if len(e.Categories) > 0 {
			var cs []string
			for _, c := range e.Categories {
				cs = append(cs, escape(c))
			}
			line("CATEGORIES:" + strings.Join(cs, ","))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		line("STATUS:CONFIRMED")
		line("TRANSP:OPAQUE")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

func compactDate(d pdz.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// escape escapes a TEXT value (RFC 5545 §3.3.11).
func escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold writes a content line folded at 75 octets without splitting a UTF-8
// character (RFC 5545 §3.1).
func fold(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
