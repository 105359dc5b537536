package annotate

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzExtractQuotes checks, for any title and body: no panic; every span
// inside its text; Text equal to the span's slice; no double quotation mark
// at either end of Text; quotes in document order; and scanning work linear
// in the input, on the input repeated to tens of kilobytes.
func FuzzExtractQuotes(f *testing.F) {
	seeds := [][2]string{
		{"Mayor: ‘We will rebuild’", "“We will rebuild,” she said, “every home.”"},
		{"", "“Open paragraph.\n\n“Continued paragraph.”\n\nNarrative."},
		{"", "\"Straight, she said, \"missing close.\n\nNext paragraph."},
		{"", "She said:\n\"Line one.\nLine two.\"\nNarrative."},
		{"", "‘Rock ’n’ roll,’ he said. ‘It’s the ’90s.’ The outlets’ view."},
		{"", "Er sagte „Wir schaffen das“ und «bonjour» 12\" pipe."},
		{"", "“Unclosed\n“\n”\n\n”\"'‘’"},
		{"\xff“bad", "\xe2\x80“\xe2\x80\x9d\xc2”"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		// A hang must fail with its input rather than stall the fuzzer.
		watchdog := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("ExtractQuotes still running after 10s on title %q body %q", title, body))
		})
		defer watchdog.Stop()
		qs := ExtractQuotes(title, body)
		checkQuoteInvariants(t, title, body, qs)
		if n := len(body); n > 0 && n < 2048 {
			big := strings.Repeat(body, 32<<10/n+1)
			if _, rescanned := scanQuotes(big); rescanned > (maxQuoteLineBreaks+1)*len(big) {
				t.Fatalf("scanned %d bytes again for a %d-byte text", rescanned, len(big))
			}
		}
	})
}

// TestExtractQuotesLinearTime runs extraction over megabyte inputs built to
// defeat it: unclosed quotes on every line, marks glued to words, one
// endless sentence of names, apostrophes and single marks, and long runs of
// clause boundaries, and unclosed quotes that send the scanner back to their
// first line break. A quadratic step would take minutes; the bound, on CPU
// time, is loose enough for a slow machine.
func TestExtractQuotesLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("megabyte inputs")
	}
	const size = 1 << 20
	patterns := map[string]string{
		"unclosed lines":    "\"an unclosed quotation line\n",
		"glued marks":       "a\"b\"c“d”e„f“g\"",
		"endless sentence":  "Jane Doe “told” Tom Roe, who said “Ann Lee and Sam Ray met Mr. Kim,” she said, ",
		"single marks":      "‘a’b’ ’90s ’n’ don’t the outlets’ view ‘quote’ 'x' ",
		"clause boundaries": "“Words, , , ; : . ! ? - and she said, ",
		"realistic":         generateArticle(1, 12),
		"rescans":           "\"open\n" + strings.Repeat("a narrative line\n", 3) + "\"open again\n" + strings.Repeat("narrative\n", 10),
	}
	for name, p := range patterns {
		body := strings.Repeat(p, size/len(p)+1)
		start := extractCPUTime()
		qs := ExtractQuotes("", body)
		took := extractCPUTime() - start
		_, rescanned := scanQuotes(body)
		t.Logf("%-18s %7d bytes, %6d quotes, %v CPU, %d bytes rescanned", name, len(body), len(qs), took.Round(time.Millisecond), rescanned)
		if rescanned > (maxQuoteLineBreaks+1)*len(body) {
			t.Errorf("%s: scanned %d bytes again for %d", name, rescanned, len(body))
		}
		if took > 5*time.Second {
			t.Errorf("%s: %v of CPU for %d bytes", name, took, len(body))
		}
	}
}
