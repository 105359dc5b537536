package annotate

import (
	"unicode"
	"unicode/utf8"
)

// attrTokKind is the kind of a token the attributor reads.
type attrTokKind uint8

const (
	tokWord  attrTokKind = iota
	tokPunct             // one punctuation character
	tokLine              // a single line break
	tokPara              // a paragraph break (a blank line)
	tokQuote             // a whole quotation: attribution reads only around it
)

// attrToken is a word, punctuation mark or break of the narrative, or a whole
// quotation. Quotation marks are not tokens.
type attrToken struct {
	start, end int32 // byte offsets
	kind       attrTokKind
	cap        bool  // a word starting with a capital letter
	punct      byte  // the character of an ASCII punctuation token; '-' for dashes
	quote      int32 // index of the quotation a tokQuote stands for, -1 in narrative
	sent       int32 // sentence number, counted over narrative sentence ends
	key        int32 // lexicon key cache: 0 unknown, -1 the word itself, else keys[key-1]
}

// attrTokenize splits the narrative of s into tokens, with one token for each
// of the quotes fs, which must be in document order and not overlap.
func attrTokenize(s string, fs []rawQuote) []attrToken {
	quoted := 0
	for _, f := range fs {
		quoted += f.end - f.start
	}
	// About one token per five bytes of narrative, English being English.
	toks := make([]attrToken, 0, (len(s)-quoted)/5+len(fs)+16)
	qi := 0
	var sent int32
	ended := true // the last narrative token ended a sentence
	add := func(t attrToken) {
		if t.kind != tokQuote {
			t.quote = -1
		}
		t.sent = sent
		toks = append(toks, t)
		if t.quote >= 0 {
			return
		}
		switch {
		case t.kind == tokPara || t.kind == tokLine:
			if !ended {
				sent++
				ended = true
			}
		case t.kind == tokPunct && (t.punct == '.' || t.punct == '!' || t.punct == '?'):
			sent++
			ended = true
		default:
			ended = false
		}
	}
	for i := 0; i < len(s); {
		if qi < len(fs) && i >= fs[qi].start {
			add(attrToken{start: int32(fs[qi].start), end: int32(fs[qi].end), kind: tokQuote, quote: int32(qi)})
			i = max(i, fs[qi].end)
			qi++
			continue
		}
		c := s[i]
		switch {
		case c == '\n':
			k, nl := skipASCIISpace(s, i)
			kind := tokLine
			if nl >= 2 {
				kind = tokPara
			}
			add(attrToken{start: int32(i), end: int32(k), kind: kind})
			i = k
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case quoteWordStart(s, i):
			j := quoteWordEnd(s, i)
			add(attrToken{start: int32(i), end: int32(j), kind: tokWord, cap: startsUpperCase(s[i:j])})
			i = j
		case c < utf8.RuneSelf:
			switch c {
			case ',', '.', ';', ':', '!', '?', '(', ')', '[', ']', '-', '/':
				add(attrToken{start: int32(i), end: int32(i + 1), kind: tokPunct, punct: c})
			}
			i++
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == '—' || r == '–':
				add(attrToken{start: int32(i), end: int32(i + w), kind: tokPunct, punct: '-'})
			case r == '…':
				add(attrToken{start: int32(i), end: int32(i + w), kind: tokPunct, punct: '.'})
			case unicode.IsSpace(r):
				if r == '\u2029' {
					add(attrToken{start: int32(i), end: int32(i + w), kind: tokPara})
				}
			}
			i += w
		}
	}
	return toks
}

// quoteTokens returns, for each quote, the range of tokens it holds: its
// one tokQuote.
func quoteTokens(toks []attrToken, fs []rawQuote) (first, last []int) {
	first, last = make([]int, len(fs)), make([]int, len(fs))
	for ti, t := range toks {
		if t.kind == tokQuote {
			first[t.quote], last[t.quote] = ti, ti+1
		}
	}
	return first, last
}
