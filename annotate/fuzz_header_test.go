package annotate_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"factdesk/annotate"
)

// plainValue reports whether s can be written as a header value and read
// back: valid UTF-8, one line, no control or zero-width characters, not blank,
// and within the importer's length limit.
func plainValue(s string, limit int) bool {
	if !utf8.ValidString(s) || strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > limit {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\n', r == '\r', unicode.IsControl(r):
			return false
		case r == '\u200B', r == '\u200C', r == '\u200D', r == '\u2060', r == '\uFEFF':
			return false
		}
	}
	return true
}

// FuzzImportHeader writes header lines from fuzzed values, as an outlet's
// export or a user would, and checks the importer reads each value back as
// written (white space collapsed, a byline's "By " dropped), whatever the
// body; and the general promises of checkParse on the whole file.
func FuzzImportHeader(f *testing.F) {
	f.Add("Council approves harbour plan", "Coastline Wire", "https://coastline-wire.test/a?b=c#d", "Harbour vote", "By Inès Okafor", "The council voted 7–2.")
	f.Add("שלום: עולם", "Daily Lantern", "http://x.test/10:30", "Story: with colon", "Zoë  Ruiz", "title: not a header\n\nBody.")
	f.Add("👩🏽‍⚕️ nurse 🇫🇷", "a\u202eRLO", "urn:x", "by", "BY", " date 2026-02-26 The council met.")
	f.Add("T", "O", "U", "S", "B", "\n\n\nbody\n\n\n")
	f.Fuzz(func(t *testing.T, title, outlet, url, story, byline, body string) {
		const limit, urlLimit = 500, 2048
		if !plainValue(title, limit) || !plainValue(outlet, limit) || !plainValue(url, urlLimit) ||
			!plainValue(story, limit) || !plainValue(byline, limit) {
			return
		}
		src := "title: " + title + "\noutlet: " + outlet + "\nurl: " + url + "\nstory: " + story +
			"\nbyline: " + byline + "\n\n" + body
		checkParse(t, "header.txt", []byte(src))
		doc, err := annotate.ParseDocument("header.txt", []byte(src), annotate.Meta{})
		if err != nil {
			return // a body that makes the file binary, blank or invalid: checked above
		}
		clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		wantByline := clean(byline)
		for _, prefix := range []string{"By ", "by ", "BY "} {
			if rest, ok := strings.CutPrefix(wantByline, prefix); ok && rest != "" {
				wantByline = rest
				break
			}
		}
		got := []string{doc.Title, doc.Outlet, doc.URL, doc.Story, doc.Byline}
		want := []string{clean(title), clean(outlet), clean(url), clean(story), wantByline}
		names := []string{"title", "outlet", "url", "story", "byline"}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: wrote %q, read %q, want %q", names[i], []string{title, outlet, url, story, byline}[i], got[i], want[i])
			}
		}
	})
}
