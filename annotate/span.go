package annotate

import (
	"fmt"
	"unicode/utf8"
)

// Span is a range of code points [Start, End) in an article body.
type Span struct {
	Start int
	End   int
}

// Len is the number of code points in the span.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether the span holds no code point.
func (s Span) Empty() bool { return s.End <= s.Start }

// Overlaps reports whether s and o share at least one code point.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Check reports an error unless 0 <= Start <= End <= n.
func (s Span) Check(n int) error {
	if s.Start < 0 || s.End < s.Start || s.End > n {
		return fmt.Errorf("span %d-%d outside text of %d code points", s.Start, s.End, n)
	}
	return nil
}

// Text indexes a string by code point so spans convert to byte ranges in
// O(1) for ASCII text and O(log n) otherwise.
type Text struct {
	s     string
	ascii bool
	// runeByte[i] is the byte offset of code point i*stride; filled only for
	// non-ASCII text.
	offs []int32
	n    int
}

const textStride = 64

// NewText indexes s.
func NewText(s string) Text {
	t := Text{s: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		t.ascii, t.n = true, len(s)
		return t
	}
	n := 0
	for i := range s {
		if n%textStride == 0 {
			t.offs = append(t.offs, int32(i))
		}
		n++
	}
	t.n = n
	return t
}

// String returns the indexed text.
func (t Text) String() string { return t.s }

// Len is the number of code points.
func (t Text) Len() int { return t.n }

// Byte converts a code-point offset (0..Len) to a byte offset.
func (t Text) Byte(cp int) int {
	if cp <= 0 {
		return 0
	}
	if cp >= t.n {
		return len(t.s)
	}
	if t.ascii {
		return cp
	}
	b := int(t.offs[cp/textStride])
	for k := cp % textStride; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(t.s[b:])
		b += size
	}
	return b
}

// Rune converts a byte offset to a code-point offset. b must fall on a rune
// boundary; a byte inside a rune counts as the rune that holds it.
func (t Text) Rune(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(t.s) {
		return t.n
	}
	if t.ascii {
		return b
	}
	// binary search the stride table
	lo, hi := 0, len(t.offs)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if int(t.offs[mid]) <= b {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	cp, at := lo*textStride, int(t.offs[lo])
	for at < b {
		_, size := utf8.DecodeRuneInString(t.s[at:])
		at += size
		if at <= b {
			cp++
		}
	}
	return cp
}

// Slice returns the text of a span, clamped to the text.
func (t Text) Slice(s Span) string {
	a, b := t.Byte(s.Start), t.Byte(s.End)
	if b < a {
		return ""
	}
	return t.s[a:b]
}

// RuneLen counts code points in s.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }
