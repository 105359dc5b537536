package annotate

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Text fragments (WICG, https://wicg.github.io/scroll-to-text-fragment/) let
// a link scroll to and highlight a passage:
//
//	url#:~:text=[prefix-,]textStart[,textEnd][,-suffix]
//
// Browsers match whole words, case-insensitively, on the rendered text, and
// an exact match (textStart alone) cannot cross a block boundary; a range
// (textStart,textEnd) can.
const (
	// fragmentExactMax is the longest passage, in code points, linked by
	// its whole text; longer ones, and those over several paragraphs, are
	// linked as a range from their first words to their last.
	fragmentExactMax = 100
	// fragmentEdgeWords is how many words start and end a range.
	fragmentEdgeWords = 4
	// fragmentContextWords is how many words of context are given either
	// side of a short passage.
	fragmentContextWords = 3
	// fragmentShortWords: a passage of fewer words is likely to occur more
	// than once on the page, so its context is added to tell it apart.
	fragmentShortWords = 4
)

// TextFragmentURL returns pageURL with a text fragment that scrolls a browser
// to exact and highlights it. prefix and suffix are the text just before and
// after the passage (an annotation's Prefix and Suffix); they complete words
// the passage cuts, and for a short passage a few of their words are added
// as context. It returns "" when pageURL is not an absolute http or https URL
// without user information, and the URL without fragment when exact holds no
// word. A directive already in the URL's fragment is replaced.
func TextFragmentURL(pageURL, exact, prefix, suffix string) string {
	u, ok := SafeURL(pageURL)
	if !ok {
		return ""
	}
	if i := strings.Index(u, ":~:"); i >= 0 && strings.Contains(u[:i], "#") {
		u = strings.TrimSuffix(u[:i], "#")
	}
	dir := textDirective(exact, prefix, suffix)
	if dir == "" {
		return u
	}
	if strings.Contains(u, "#") {
		return u + ":~:text=" + dir
	}
	return u + "#:~:text=" + dir
}

// textDirective builds the value of a text= directive, or "" when exact has
// no word.
func textDirective(exact, prefix, suffix string) string {
	// A context shorter than stored reaches the start or end of the body,
	// so its outer word is whole.
	prefixWhole, suffixWhole := RuneLen(prefix) < ContextRunes, RuneLen(suffix) < ContextRunes
	// Complete the words the passage cuts into.
	for {
		r, n := utf8.DecodeLastRuneInString(prefix)
		first, _ := utf8.DecodeRuneInString(exact)
		if n == 0 || !sheetWordRune(r) || !sheetWordRune(first) {
			break
		}
		prefix, exact = prefix[:len(prefix)-n], prefix[len(prefix)-n:]+exact
	}
	for {
		r, n := utf8.DecodeRuneInString(suffix)
		last, _ := utf8.DecodeLastRuneInString(exact)
		if n == 0 || !sheetWordRune(r) || !sheetWordRune(last) {
			break
		}
		exact, suffix = exact+suffix[:n], suffix[n:]
	}
	var lines [][]string
	words := 0
	hasWord := false
	for _, line := range strings.Split(exact, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			lines = append(lines, f)
			words += len(f)
			hasWord = hasWord || strings.IndexFunc(line, sheetWordRune) >= 0
		}
	}
	if !hasWord {
		return ""
	}
	var b strings.Builder
	if len(lines) == 1 && RuneLen(strings.Join(lines[0], " ")) <= fragmentExactMax {
		if words < fragmentShortWords {
			if p := fragmentContext(prefix, true, prefixWhole); p != "" {
				b.WriteString(fragmentEncode(p) + "-,")
			}
		}
		b.WriteString(fragmentEncode(strings.Join(lines[0], " ")))
		if words < fragmentShortWords {
			if s := fragmentContext(suffix, false, suffixWhole); s != "" {
				b.WriteString(",-" + fragmentEncode(s))
			}
		}
		return b.String()
	}
	first, last := lines[0], lines[len(lines)-1]
	var start, end []string
	if len(lines) == 1 {
		k := min(fragmentEdgeWords, len(first)/2)
		start, end = first[:k], first[len(first)-k:]
	} else {
		start = first[:min(fragmentEdgeWords, len(first))]
		end = last[len(last)-min(fragmentEdgeWords, len(last)):]
	}
	return fragmentEncode(strings.Join(start, " ")) + "," + fragmentEncode(strings.Join(end, " "))
}

// fragmentContext returns up to fragmentContextWords whole words of context in
// the same paragraph as the passage: the last ones of a prefix (before
// true) or the first ones of a suffix. Unless whole is true (the context
// reaches the start or end of the body), a word cut by the outer edge of the
// stored context is left out.
func fragmentContext(ctx string, before, whole bool) string {
	full := whole
	if before {
		if i := strings.LastIndexByte(ctx, '\n'); i >= 0 {
			ctx, full = ctx[i+1:], true
		}
	} else if i := strings.IndexByte(ctx, '\n'); i >= 0 {
		ctx, full = ctx[:i], true
	}
	f := strings.Fields(ctx)
	if !full && len(f) > 0 {
		cut := !fragmentSpaceBefore(ctx)
		if !before {
			cut = !fragmentSpaceAfter(ctx)
		}
		if cut {
			if before {
				f = f[1:]
			} else {
				f = f[:len(f)-1]
			}
		}
	}
	if before {
		f = f[max(0, len(f)-fragmentContextWords):]
	} else {
		f = f[:min(len(f), fragmentContextWords)]
	}
	return strings.Join(f, " ")
}

func fragmentSpaceBefore(s string) bool {
	return s != "" && strings.TrimLeft(s, " \t") != s
}

func fragmentSpaceAfter(s string) bool {
	return s != "" && strings.TrimRight(s, " \t") != s
}

// fragmentEncode percent-encodes a text directive term: every byte but ASCII
// letters, digits and . _ ~ is encoded, so '-', ',' and '&' (the directive's
// own syntax), spaces, and every byte of a non-ASCII character are escaped.
func fragmentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 3)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// SafeURL returns raw as an absolute http or https URL in the form every
// export writes it, and false for anything else: other schemes
// (javascript:, data:, file:), relative references, URLs without a host and
// URLs with user information, which can disguise the real host. In the
// result, bytes that may not appear in a URL (spaces, quotes, angle
// brackets, non-ASCII...) are percent-encoded, so it can be placed in HTML,
// Markdown, CSV or JSON without ending the field it is in.
func SafeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 8<<10 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" || u.Opaque != "" {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	s := u.String()
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || strings.IndexByte("\"<>\\^`{|}'", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), true
}
