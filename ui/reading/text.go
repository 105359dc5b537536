package reading

import (
	"unicode"
	"unicode/utf8"

	"factdesk/annotate"
)

// Character classes and cluster rules used for wrapping, caret movement and
// word selection. Offsets are code points throughout; these helpers keep the
// caret from landing between a base character and the marks that belong to it.

const zwj = '\u200d'

// isNewline reports whether r ends a line in the body.
func isNewline(r rune) bool { return r == '\n' || r == '\r' }

// isSpace reports whether r is a breaking space: a line may wrap after it.
// No-break spaces are not included.
func isSpace(r rune) bool {
	switch {
	case r == ' ' || r == '\t':
		return true
	case r < utf8.RuneSelf:
		return false
	case r >= 0x2000 && r <= 0x200b && r != 0x2007: // en quad .. zero width space, minus figure space
		return true
	case r == 0x205f || r == 0x3000:
		return true
	}
	return false
}

// isExtender reports whether r attaches to the character before it: combining
// marks, variation selectors, emoji modifiers, tag characters and the zero
// width joiner.
func isExtender(r rune) bool {
	if r < 0x300 {
		return false
	}
	switch {
	case r == zwj:
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return true
	case r >= 0x1f3fb && r <= 0x1f3ff: // emoji skin tone modifiers
		return true
	case r >= 0xe0020 && r <= 0xe007f: // tag characters (subdivision flags)
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

// isRegionalIndicator reports whether r is half of a flag emoji.
func isRegionalIndicator(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// isIdeographic reports whether r belongs to a script written without spaces,
// where a line may break between any two characters.
func isIdeographic(r rune) bool {
	if r < 0x2e80 {
		return false
	}
	switch {
	case r >= 0x3000 && r <= 0x303f: // CJK symbols and punctuation
		return true
	case r >= 0xff00 && r <= 0xffef: // half- and full-width forms
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// noBreakBefore reports whether a line must not start with r (closing
// punctuation in CJK text).
func noBreakBefore(r rune) bool {
	switch r {
	case '、', '。', '，', '．', '」', '』', '）', '】', '〉', '》', '！', '？', '：', '；', 'ー', '・':
		return true
	}
	return false
}

// clusterScanner walks a string and reports where user-perceived characters
// (an approximation of grapheme clusters) start.
type clusterScanner struct {
	prev     rune
	riRun    int // regional indicators seen in a row
	started  bool
	joinNext bool
}

// boundary reports whether a cluster starts at r, given the runes fed so far,
// and feeds r.
func (c *clusterScanner) boundary(r rune) bool {
	b := true
	switch {
	case !c.started:
		b = true
	case r < utf8.RuneSelf && c.prev < utf8.RuneSelf:
		b = true
	case isExtender(r), c.joinNext:
		b = false
	case isRegionalIndicator(r) && isRegionalIndicator(c.prev) && c.riRun%2 == 1:
		b = false
	}
	if isRegionalIndicator(r) {
		c.riRun++
	} else {
		c.riRun = 0
	}
	c.joinNext = r == zwj
	c.prev, c.started = r, true
	return b
}

// charClass groups characters for double-click word selection.
type charClass uint8

const (
	classSpace charClass = iota
	classWord
	classIdeo
	classPunct
	classNewline
)

func classOf(r rune) charClass {
	switch {
	case isNewline(r):
		return classNewline
	case isSpace(r):
		return classSpace
	case isIdeographic(r) && (unicode.IsPunct(r) || unicode.IsSymbol(r)):
		return classPunct
	case isIdeographic(r):
		return classIdeo
	case r == '_' || r == '\'' || r == '’' || unicode.IsLetter(r) || unicode.IsDigit(r) || isExtender(r):
		return classWord
	}
	return classPunct
}

// wordAt returns the span of the word, space run or punctuation mark at code
// point offset off of t: the characters around off that share its class.
// Apostrophes at either end of a word are left out.
func wordAt(t annotate.Text, off int) annotate.Span {
	n := t.Len()
	if n == 0 {
		return annotate.Span{}
	}
	off = min(max(off, 0), n-1)
	s := t.String()
	b := t.Byte(off)
	r, _ := utf8.DecodeRuneInString(s[b:])
	cls := classOf(r)
	if cls == classNewline {
		return annotate.Span{Start: off, End: off}
	}
	if cls == classPunct {
		// a single mark, with the marks that combine with it
		end, eb := off+1, b+utf8.RuneLen(r)
		for eb < len(s) {
			r2, size := utf8.DecodeRuneInString(s[eb:])
			if !isExtender(r2) {
				break
			}
			end, eb = end+1, eb+size
		}
		return annotate.Span{Start: off, End: end}
	}
	start, sb := off, b
	for sb > 0 {
		r2, size := utf8.DecodeLastRuneInString(s[:sb])
		if classOf(r2) != cls {
			break
		}
		start, sb = start-1, sb-size
	}
	end, eb := off, b
	for eb < len(s) {
		r2, size := utf8.DecodeRuneInString(s[eb:])
		if classOf(r2) != cls {
			break
		}
		end, eb = end+1, eb+size
	}
	if cls == classWord {
		for start < off {
			r2, size := utf8.DecodeRuneInString(s[sb:])
			if r2 != '\'' && r2 != '’' {
				break
			}
			start, sb = start+1, sb+size
		}
		for end > off+1 {
			r2, size := utf8.DecodeLastRuneInString(s[:eb])
			if r2 != '\'' && r2 != '’' {
				break
			}
			end, eb = end-1, eb-size
		}
	}
	return annotate.Span{Start: start, End: end}
}

// nextCluster returns the offset of the cluster after the one at off.
func nextCluster(t annotate.Text, off int) int {
	n := t.Len()
	if off >= n {
		return n
	}
	s := t.String()
	b := t.Byte(off)
	r, size := utf8.DecodeRuneInString(s[b:])
	var cs clusterScanner
	cs.boundary(r)
	off, b = off+1, b+size
	for b < len(s) {
		r, size = utf8.DecodeRuneInString(s[b:])
		if cs.boundary(r) {
			break
		}
		off, b = off+1, b+size
	}
	return off
}

// prevCluster returns the offset where the cluster before off starts.
func prevCluster(t annotate.Text, off int) int {
	if off <= 0 {
		return 0
	}
	off = min(off, t.Len())
	// Clusters are short; rescan from a safe point a few characters back.
	from := max(0, off-32)
	s := t.String()
	b := t.Byte(from)
	end := t.Byte(off)
	var cs clusterScanner
	last, cp := from, from
	for b < end {
		r, size := utf8.DecodeRuneInString(s[b:])
		if cs.boundary(r) {
			last = cp
		}
		cp, b = cp+1, b+size
	}
	return last
}
