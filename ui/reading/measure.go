package reading

import (
	"math"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// fontMeasurer measures words in the pane's font through Fyne.
//
// Shaping a string costs Fyne about a hundred microseconds, so measuring each
// of the thousands of distinct words of a long article would take a good
// part of a second. Words in Latin script are instead measured as the sum of
// their characters' advances plus, for each adjacent pair, the kerning Fyne
// applies to it; a few hundred pairs cover any article, and the result is
// within a pixel of the shaped word. Words in other scripts, where shaping
// is contextual, are shaped whole and cached.
type fontMeasurer struct {
	size  float32
	style fyne.TextStyle

	asciiAdv  [128]float32 // NaN: not measured yet
	asciiKern []float32    // 128×128 pairs, NaN: not measured yet
	adv       map[rune]float32
	kern      map[[2]rune]float32
	words     map[string]float32 // shaped whole
}

// maxCachedWords bounds a pane's cache of shaped words.
const maxCachedWords = 1 << 14

func newFontMeasurer() *fontMeasurer {
	m := &fontMeasurer{}
	m.reset()
	return m
}

func (m *fontMeasurer) reset() {
	nan := float32(math.NaN())
	for i := range m.asciiAdv {
		m.asciiAdv[i] = nan
	}
	m.asciiKern = nil
	m.adv = make(map[rune]float32)
	m.kern = make(map[[2]rune]float32)
	m.words = make(map[string]float32)
}

// setFont selects the font measured, dropping what was measured when it
// changes.
func (m *fontMeasurer) setFont(size float32, style fyne.TextStyle) {
	if size == m.size && style == m.style {
		return
	}
	m.size, m.style = size, style
	m.reset()
}

// pairable reports whether r is measured by advance and pair kerning: Latin
// letters, digits and the punctuation around them. Combining marks and other
// scripts are not.
func pairable(r rune) bool {
	switch {
	case r < 0x80:
		return r >= ' '
	case r >= 0xa0 && r < 0x250: // Latin-1 supplement, Latin extended A and B
		return true
	case r >= 0x2010 && r <= 0x2044: // dashes, quotes, ellipsis
		return true
	case r == 0x20ac: // euro sign
		return true
	}
	return false
}

func (m *fontMeasurer) word(s string) float32 {
	var w float32
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !pairable(r) {
			return m.shaped(s)
		}
		w += m.advance(r)
		if prev >= 0 {
			w += m.kerning(prev, r)
		}
		prev = r
		i += size
	}
	return w
}

func (m *fontMeasurer) measure(s string) float32 {
	return fyne.MeasureText(s, m.size, m.style).Width
}

func (m *fontMeasurer) advance(r rune) float32 {
	if r < utf8.RuneSelf {
		a := m.asciiAdv[r]
		if a != a { // NaN
			a = m.measure(string(r))
			m.asciiAdv[r] = a
		}
		return a
	}
	a, ok := m.adv[r]
	if !ok {
		a = m.measure(string(r))
		m.adv[r] = a
	}
	return a
}

func (m *fontMeasurer) kerning(a, b rune) float32 {
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		if m.asciiKern == nil {
			m.asciiKern = make([]float32, 128*128)
			nan := float32(math.NaN())
			for i := range m.asciiKern {
				m.asciiKern[i] = nan
			}
		}
		k := &m.asciiKern[int(a)<<7|int(b)]
		if *k != *k { // NaN
			*k = m.measurePair(a, b)
		}
		return *k
	}
	k, ok := m.kern[[2]rune{a, b}]
	if !ok {
		k = m.measurePair(a, b)
		m.kern[[2]rune{a, b}] = k
	}
	return k
}

func (m *fontMeasurer) measurePair(a, b rune) float32 {
	return m.measure(string([]rune{a, b})) - m.advance(a) - m.advance(b)
}

// shaped measures s whole, cached.
func (m *fontMeasurer) shaped(s string) float32 {
	if w, ok := m.words[s]; ok {
		return w
	}
	w := m.measure(s)
	if len(m.words) >= maxCachedWords {
		clear(m.words)
	}
	m.words[strings.Clone(s)] = w
	return w
}
