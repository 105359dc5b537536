package annotate

import (
	"unicode"
	"unicode/utf8"
)

// NormalizeWords splits s into the word form used for matching quotes across
// outlets: letters and digits lower-cased and stripped of accents (café,
// cafe), punctuation, quotation marks and dashes dropped as separators,
// apostrophes inside a word and separators inside a number (1,000 or 3.5)
// removed so that typographic variants fold to one word, and contractions
// spelt out (we’ll and we'll as "we will", can't and cannot as "can not"),
// so that an outlet that contracts matches one that does not. A possessive
// keeps its s (outlets’ and outlet's are "outlets"). It returns nil when s
// holds no word.
func NormalizeWords(s string) []string {
	var out []string
	eachNormalWord(s, func(w []byte) { out = append(out, string(w)) })
	return out
}

// eachNormalWord calls emit with each normalised word of s, in order. The
// slice passed to emit is reused; emit must copy it to keep it.
func eachNormalWord(s string, emit func(w []byte)) {
	var buf [64]byte
	w := buf[:0]
	apostrophe := false // w lost an apostrophe: it may be a contraction
	flush := func() {
		if len(w) == 0 {
			return
		}
		if first, second, ok := expandContraction(w, apostrophe); ok {
			emit(append(w[:0], first...))
			emit(append(w[:0], second...))
		} else {
			emit(w)
		}
		w, apostrophe = w[:0], false
	}
	var prev rune // last rune consumed, whatever its class
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			w = appendFolded(w, r)
		case len(w) > 0 && joinsWord(prev, r, s[i+size:]):
			// an apostrophe or digit separator inside a word: drop it and
			// keep the word going
			apostrophe = apostrophe || isApostrophe(r)
		default:
			flush()
		}
		prev = r
		i += size
	}
	flush()
}

// appendFolded appends word rune r lower-cased and without accents.
func appendFolded(w []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(w, byte(r))
	}
	if unicode.IsMark(r) {
		return w // a combining accent
	}
	r = unicode.ToLower(r)
	if r < 0x250 { // Latin-1 Supplement and Latin Extended-A and B
		if f := foldLatin(r); f != "" {
			return append(w, f...)
		}
	}
	return utf8.AppendRune(w, r)
}

// foldLatin returns the unaccented spelling of a lower-case accented Latin
// letter, or "" when r has none.
func foldLatin(r rune) string {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā', 'ă', 'ą':
		return "a"
	case 'æ':
		return "ae"
	case 'ç', 'ć', 'ĉ', 'ċ', 'č':
		return "c"
	case 'ď', 'đ':
		return "d"
	case 'è', 'é', 'ê', 'ë', 'ē', 'ĕ', 'ė', 'ę', 'ě':
		return "e"
	case 'ĝ', 'ğ', 'ġ', 'ģ':
		return "g"
	case 'ì', 'í', 'î', 'ï', 'ĩ', 'ī', 'ĭ', 'į', 'ı':
		return "i"
	case 'ł', 'ľ', 'ĺ', 'ļ':
		return "l"
	case 'ñ', 'ń', 'ň', 'ņ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ŏ', 'ő':
		return "o"
	case 'œ':
		return "oe"
	case 'ŕ', 'ř', 'ŗ':
		return "r"
	case 'ś', 'š', 'ş', 'ș':
		return "s"
	case 'ß':
		return "ss"
	case 'ť', 'ţ', 'ț':
		return "t"
	case 'ù', 'ú', 'û', 'ü', 'ũ', 'ū', 'ŭ', 'ů', 'ű', 'ų':
		return "u"
	case 'ý', 'ÿ':
		return "y"
	case 'ź', 'ż', 'ž':
		return "z"
	}
	return ""
}

// expandContraction spells out a contraction: w is a lower-cased word that
// lost an apostrophe (apostrophe) or "cannot". It returns the two words, or
// false when w is no contraction.
func expandContraction(w []byte, apostrophe bool) (string, string, bool) {
	if !apostrophe {
		if string(w) == "cannot" {
			return "can", "not", true
		}
		return "", "", false
	}
	switch string(w) {
	case "cant":
		return "can", "not", true
	case "wont":
		return "will", "not", true
	case "shant":
		return "shall", "not", true
	case "aint":
		return "is", "not", true
	case "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
		"wouldnt", "shouldnt", "couldnt", "mustnt", "neednt":
		return string(w[:len(w)-2]), "not", true
	case "im":
		return "i", "am", true
	case "ive", "youve", "weve", "theyve":
		return string(w[:len(w)-2]), "have", true
	case "ill", "youll", "well", "theyll", "itll", "hell", "shell", "thatll":
		return string(w[:len(w)-2]), "will", true
	case "id", "youd", "wed", "theyd", "hed", "shed":
		return string(w[:len(w)-1]), "would", true
	case "youre", "were", "theyre":
		return string(w[:len(w)-2]), "are", true
	case "its", "thats", "theres", "heres", "whats", "whos", "hes", "shes", "wheres":
		return string(w[:len(w)-1]), "is", true
	case "lets":
		return "let", "us", true
	}
	return "", "", false
}

// isWordRune reports whether r belongs in a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isApostrophe reports whether r is one of the marks outlets print as an
// apostrophe.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '′', '`':
		return true
	}
	return false
}

// joinsWord reports whether r, between prev (the last rune of a word) and
// the text rest, is part of the word rather than a separator: an apostrophe
// between letters, or a comma or point between digits.
func joinsWord(prev, r rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch {
	case isApostrophe(r):
		return isWordRune(prev) && isWordRune(next)
	case r == ',' || r == '.':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

// FNV-1a, 64 bit.
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// hashWord returns a 64-bit hash of a normalised word. Its lowest bit is
// set for a function word (see isFunctionWord), so matching can weigh
// words without looking them up again.
func hashWord(w []byte) uint64 {
	h := uint64(fnvOffset64)
	for _, c := range w {
		h ^= uint64(c)
		h *= fnvPrime64
	}
	h &^= 1
	if isFunctionWord(w) {
		h |= 1
	}
	return h
}

// functionWordHash reports whether a word hash is that of a function word.
func functionWordHash(h uint64) bool { return h&1 == 1 }

// isFunctionWord reports whether w (normalised) is an English function
// word: an article, pronoun, auxiliary, preposition or conjunction, words
// that say little about which utterance a quote renders.
func isFunctionWord(w []byte) bool {
	switch string(w) {
	case "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "that",
		"this", "these", "those", "there", "here", "it", "its", "itself", "i", "me", "my", "we", "us",
		"our", "you", "your", "he", "him", "his", "she", "her", "they", "them", "their", "who", "whom",
		"whose", "which", "what", "when", "where", "why", "how", "is", "am", "are", "was", "were", "be",
		"been", "being", "have", "has", "had", "having", "do", "does", "did", "will", "would", "shall",
		"should", "can", "could", "may", "might", "must", "of", "to", "in", "on", "at", "by", "for",
		"with", "from", "into", "onto", "about", "as", "up", "down", "out", "off", "over", "under",
		"again", "very", "just", "also", "too", "all", "any", "some", "each", "every", "no", "not",
		"only", "own", "same", "such", "both", "more", "most", "other", "im", "weve", "ive", "youve",
		"dont", "doesnt", "didnt", "wont", "cant", "isnt", "arent", "theyre", "youre", "thats",
		"going":
		return true
	}
	return false
}

// appendWordHashes appends the hash of each normalised word of s to dst.
// Matching compares these hashes instead of strings; two distinct words
// collide with probability about 2^-64.
func appendWordHashes(dst []uint64, s string) []uint64 {
	eachNormalWord(s, func(w []byte) { dst = append(dst, hashWord(w)) })
	return dst
}
