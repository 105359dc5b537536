package annotate

import (
	"unicode"
	"unicode/utf8"
)

// tokenClass sorts diff tokens so each can be given a stand-in rune of the
// same kind (see runeAlphabet).
type tokenClass uint8

const (
	classWord tokenClass = iota
	classSpace
	classNewline
	classPunct
)

// tokenEnds splits s into the units a word diff works on: runs of word
// runes, runs of white space, and single punctuation or symbol runes. It
// returns the byte offset where each token ends; token i is
// s[ends[i-1]:ends[i]] (from 0 for the first), so the tokens concatenated
// give s back byte for byte, invalid UTF-8 included.
func tokenEnds(s string) []int32 {
	ends := make([]int32, 0, len(s)/3+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isWordRune(r):
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r2) {
					break
				}
				j += sz
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += sz
			}
		}
		ends = append(ends, int32(j))
		i = j
	}
	return ends
}

// classOf returns the class of a token produced by tokenEnds.
func classOf(tok string) tokenClass {
	r, _ := utf8.DecodeRuneInString(tok)
	switch {
	case isWordRune(r):
		return classWord
	case unicode.IsSpace(r):
		for i := 0; i < len(tok); i++ {
			if tok[i] == '\n' || tok[i] == '\r' {
				return classNewline
			}
		}
		return classSpace
	}
	return classPunct
}

// The ASCII stand-ins by class, in the order they are handed out, and the
// spare control runes any class may borrow once its own are spent. Rune 0
// is never used.
const (
	wordStandIns    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	spaceStandIns   = " \t\f"
	newlineStandIns = "\n\r"
	punctStandIns   = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	spareStandIns   = "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"
	// asciiStandIns is how many ASCII runes there are to hand out.
	asciiStandIns = len(wordStandIns) + len(spaceStandIns) + len(newlineStandIns) + len(punctStandIns) + len(spareStandIns)
)

// standIns returns the ASCII stand-ins of class c.
func standIns(c tokenClass) string {
	switch c {
	case classWord:
		return wordStandIns
	case classSpace:
		return spaceStandIns
	case classNewline:
		return newlineStandIns
	}
	return punctStandIns
}

// runeAlphabet hands out one stand-in rune per distinct token. While it can,
// it picks an ASCII rune of the token's own kind (a letter or digit for a
// word, a space for white space, a newline for a line break, a punctuation
// mark for punctuation), so that diffmatchpatch's semantic clean-up, which
// looks at the characters either side of an edit to place it on a word or
// sentence boundary, sees boundaries where the text has them. Beyond ASCII
// it falls back to runes from U+0100 up, where that clean-up is unreliable
// (it mixes byte and rune counts) and the diff checks its result. The zero
// value is ready to use.
type runeAlphabet struct {
	next  [4]uint8 // next position in each class's stand-ins
	used  [128]bool
	ascii int  // ASCII stand-ins handed out
	wide  rune // non-ASCII stand-ins handed out
}

// take returns an unused stand-in rune for a token of class c.
func (a *runeAlphabet) take(c tokenClass) rune {
	if a.ascii < asciiStandIns {
		own := standIns(c)
		for int(a.next[c]) < len(own) {
			r := rune(own[a.next[c]])
			a.next[c]++
			if !a.used[r] {
				return a.mark(r)
			}
		}
		// Borrow a spare control rune, then any other class's.
		for _, pool := range []string{spareStandIns, punctStandIns, wordStandIns, spaceStandIns, newlineStandIns} {
			for k := 0; k < len(pool); k++ {
				if r := rune(pool[k]); !a.used[r] {
					return a.mark(r)
				}
			}
		}
	}
	r := 0x100 + a.wide
	if r >= 0xD800 { // skip the surrogates
		r += 0x800
	}
	a.wide++
	return r
}

// mark records an ASCII stand-in as handed out.
func (a *runeAlphabet) mark(r rune) rune {
	a.used[r] = true
	a.ascii++
	return r
}

// allASCII reports whether every stand-in handed out is ASCII.
func (a *runeAlphabet) allASCII() bool { return a.wide == 0 }
