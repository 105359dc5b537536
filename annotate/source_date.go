package annotate

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date patterns the importer recognises. Each captures year, month and day;
// anything after the date (a time of day, a zone) is ignored, because an
// article's date is the calendar day it was published as written.
const (
	// 2026-02-26, 2026-02-26T10:00:00Z, 2026-02-26 10:00.
	isoDatePattern = `\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`
	// February 26, 2026; Feb. 26, 2026; Feb 26 2026; February 26th, 2026.
	mdyPattern = `\p{L}{3,9}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}`
	// 26 February 2026; 26 Feb. 2026; 26th February, 2026.
	dmyPattern = `\d{1,2}(?:st|nd|rd|th)?[ \t]+\p{L}{3,9}\.?,?[ \t]+\d{4}`
)

var (
	isoDateRe   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)`)
	slashDateRe = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})(?:$|[T ]\d)`)
	mdyRe       = regexp.MustCompile(`^(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[^\p{L}\p{N}])`)
	dmyRe       = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?\s+(\p{L}{3,9})\.?,?\s+(\d{4})(?:$|[^\p{L}\p{N}])`)
	weekdayRe   = regexp.MustCompile(`^(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|sday|nesday|rsday|urday)?\.?,?\s+`)
)

// months maps English month names and abbreviations (lower case) to months.
var months = map[string]time.Month{
	"january": time.January, "jan": time.January,
	"february": time.February, "feb": time.February,
	"march": time.March, "mar": time.March,
	"april": time.April, "apr": time.April,
	"may":  time.May,
	"june": time.June, "jun": time.June,
	"july": time.July, "jul": time.July,
	"august": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"october": time.October, "oct": time.October,
	"november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December,
}

// parseDate reads a publication date written as 2026-02-26 (optionally with
// a time: RFC 3339), 2026/02/26, "February 26, 2026", "Feb. 26, 2026" or
// "26 February 2026", optionally after a weekday. It returns the calendar
// day as written, at midnight UTC; ok is false for anything else.
func parseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	s = weekdayRe.ReplaceAllString(s, "")
	var y, d int
	var m time.Month
	if p := isoDateRe.FindStringSubmatch(s); p != nil {
		y, m, d = atoi(p[1]), time.Month(atoi(p[2])), atoi(p[3])
	} else if p := slashDateRe.FindStringSubmatch(s); p != nil {
		y, m, d = atoi(p[1]), time.Month(atoi(p[2])), atoi(p[3])
	} else if p := mdyRe.FindStringSubmatch(s); p != nil {
		m, d, y = months[strings.ToLower(p[1])], atoi(p[2]), atoi(p[3])
	} else if p := dmyRe.FindStringSubmatch(s); p != nil {
		d, m, y = atoi(p[1]), months[strings.ToLower(p[2])], atoi(p[3])
	} else {
		return time.Time{}, false
	}
	return makeDate(y, m, d)
}

// makeDate returns the date y-m-d at midnight UTC when it exists and the year
// is plausible for a publication.
func makeDate(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1000 || m < time.January || m > time.December || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return time.Time{}, false // 2026-02-30
	}
	return t, true
}

// atoi converts a run of at most a few ASCII digits; the patterns above make
// sure it never sees anything else.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
