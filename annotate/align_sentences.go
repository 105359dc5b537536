package annotate

import (
	"strings"
	"unicode"
)

// SplitSentences cuts an article body into sentences, returned as spans of
// code points in reading order with the white space around each sentence
// left out. It knows the habits of news copy:
//
//   - A blank line (paragraph break) always ends a sentence. A single line
//     break ends one too, unless the line stops without final punctuation
//     and the next one starts in lower case (a hard-wrapped paragraph).
//   - A sentence ends at . ! ? or … (and runs of them), together with any
//     closing quotation marks and brackets that follow, when white space
//     and then something other than a lower-case letter or , ; : follows.
//     So “We will win,” he said. is one sentence, and so is “Will it
//     last?” she asked.
//   - Titles and honorifics (Mr. Dr. St. Sen. Gov. Prof. ...) never end a
//     sentence, nor do "No." before a number or a month's abbreviation
//     before a day (Jan. 5).
//   - After initials (John F. Kennedy), dotted abbreviations (U.S. a.m.)
//     and company suffixes (Inc. Ltd. Co.) a sentence ends only when the next word is one that
//     commonly opens a sentence (The, He, But, ...): "the U.S. Senate" is
//     one sentence, "in the U.S. The president" two.
//   - Decimals (3.5), web addresses and other full stops inside a word do
//     not end a sentence, because no white space follows them.
func SplitSentences(body string) []Span {
	rs := []rune(body)
	n := len(rs)
	var out []Span
	start := -1
	emit := func(end int) {
		for end > start && unicode.IsSpace(rs[end-1]) {
			end--
		}
		if end > start {
			out = append(out, Span{Start: start, End: end})
		}
		start = -1
	}
	for i := 0; i < n; i++ {
		r := rs[i]
		if start < 0 {
			if !unicode.IsSpace(r) {
				start = i
			} else {
				continue
			}
		}
		switch {
		case r == '\n':
			if sentLineContinues(rs, start, i) {
				continue
			}
			emit(i)
		case sentTerminal(r):
			j := i + 1
			for j < n && sentTerminal(rs[j]) {
				j++
			}
			for j < n && sentCloser(rs[j]) {
				j++
			}
			if j < n && !unicode.IsSpace(rs[j]) {
				// A full stop inside a word or number: 3.5, U.S.A., site.com.
				i = j - 1
				continue
			}
			if sentEnds(rs, start, i, j) {
				emit(j)
			}
			i = j - 1
		}
	}
	if start >= 0 {
		emit(n)
	}
	return out
}

// sentTerminal reports whether r can end a sentence.
func sentTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‽':
		return true
	}
	return false
}

// sentCloser reports whether r is a closing quotation mark or bracket, which
// belongs to the sentence it follows.
func sentCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

// sentLineContinues reports whether the line break at rs[nl] sits inside a
// sentence begun at start: a single break, after a line that does not end
// with final punctuation, before a line that starts in lower case.
func sentLineContinues(rs []rune, start, nl int) bool {
	k := nl + 1
	for k < len(rs) && rs[k] != '\n' && unicode.IsSpace(rs[k]) {
		k++
	}
	if k >= len(rs) || rs[k] == '\n' || !unicode.IsLower(rs[k]) {
		return false
	}
	p := nl - 1
	for p >= start && unicode.IsSpace(rs[p]) {
		p--
	}
	for p >= start && sentCloser(rs[p]) {
		p--
	}
	return p >= start && !sentTerminal(rs[p]) && rs[p] != ':'
}

// sentEnds decides whether the terminal punctuation rs[i:j] (with its
// closing marks), followed by white space or the end of the text, ends the
// sentence begun at start.
func sentEnds(rs []rune, start, i, j int) bool {
	k := j
	for k < len(rs) && unicode.IsSpace(rs[k]) {
		if rs[k] == '\n' {
			return true
		}
		k++
	}
	if k == len(rs) {
		return true
	}
	next := rs[k]
	if unicode.IsLower(next) {
		return false
	}
	switch next {
	case ',', ';', ':', '-', '–', '—':
		return false
	}
	// Only a lone full stop straight after a word can be an abbreviation's.
	if rs[i] != '.' || j != i+1 || i == start {
		return true
	}
	word, dotted := sentWordBefore(rs, start, i)
	if word == "" {
		return true
	}
	lower := strings.ToLower(word)
	nextWord := sentWordAt(rs, k)
	switch {
	case dotted:
		// U.S. a.m. e.g. — and their lower-case-only kin never end a
		// sentence when followed by a capital that is not a usual opener.
		if lower == "e.g" || lower == "i.e" || lower == "cf" {
			return false
		}
		return sentOpens(nextWord)
	case len([]rune(word)) == 1 && unicode.IsUpper([]rune(word)[0]):
		// An initial (John F. Kennedy), unless a usual opener follows
		// (Plan B. The council ...).
		return sentOpens(nextWord)
	case sentNeverFinal(lower):
		return false
	case lower == "no" || lower == "nos" || lower == "art" || lower == "p" || lower == "pp":
		return !unicode.IsDigit(next)
	case sentMonth(lower):
		return !unicode.IsDigit(next)
	case sentMaybeFinal(lower):
		return sentOpens(nextWord)
	}
	return true
}

// sentWordBefore returns the word that ends just before rs[dot], letters and
// inner full stops included (U.S for "U.S."), and whether it holds a full
// stop. It stops at anything else (white space, a dash, an opening mark)
// or the sentence's start.
func sentWordBefore(rs []rune, start, dot int) (string, bool) {
	k := dot
	dotted := false
	for k > start {
		r := rs[k-1]
		if unicode.IsLetter(r) {
			k--
			continue
		}
		if r == '.' && k-1 > start && unicode.IsLetter(rs[k-2]) {
			dotted = true
			k--
			continue
		}
		break
	}
	if k == dot {
		return "", false
	}
	if k > start && unicode.IsDigit(rs[k-1]) {
		// The end of a number with a unit (5pm., 12kg.): not an
		// abbreviation.
		return "", false
	}
	return string(rs[k:dot]), dotted
}

// sentOpener reports whether r opens a quotation or bracket.
func sentOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{':
		return true
	}
	return false
}

// sentWordAt returns the word starting at rs[k], after any opening marks.
func sentWordAt(rs []rune, k int) string {
	for k < len(rs) && sentOpener(rs[k]) {
		k++
	}
	e := k
	for e < len(rs) && (unicode.IsLetter(rs[e]) || rs[e] == '\'' || rs[e] == '’') {
		e++
	}
	return string(rs[k:e])
}

// sentOpens reports whether w is a word that commonly starts a
// sentence, which decides whether an ambiguous abbreviation before it ends
// one. Anything not a word (a quotation mark, a digit) counts as an opener.
func sentOpens(w string) bool {
	if w == "" {
		return true
	}
	return sentOpenerWord(strings.ToLower(w))
}

// sentNeverFinal reports whether w (lower case) is a title or abbreviation
// that is always followed by more of its sentence.
func sentNeverFinal(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col",
		"sgt", "capt", "cpl", "pvt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp", "det", "mt", "ft",
		"ave", "blvd", "rd", "vs", "v", "approx", "dept", "est", "fig", "messrs", "mme", "mlle", "sr", "jr":
		return true
	}
	return false
}

// sentMaybeFinal reports whether w (lower case) is an abbreviation that ends
// a sentence as often as not: one ends there when the next word is a usual
// sentence opener.
func sentMaybeFinal(w string) bool {
	switch w {
	case "inc", "ltd", "co", "corp", "plc", "llc", "bros", "etc", "al":
		return true
	}
	return false
}

// sentMonth reports whether w (lower case) abbreviates a month; it is
// not final before a day.
func sentMonth(w string) bool {
	switch w {
	case "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}

// sentOpenerWord reports whether w (lower case) frequently opens a
// sentence in news copy.
func sentOpenerWord(w string) bool {
	switch w {
	case "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her",
		"its", "their", "our", "this", "that", "these", "those", "there", "but", "and", "or", "so", "yet",
		"in", "on", "at", "as", "after", "before", "while", "when", "if", "although", "though", "since",
		"for", "from", "by", "with", "some", "many", "most", "all", "no", "none", "one", "two", "three",
		"officials", "police", "meanwhile", "however", "still", "earlier", "later", "last", "next", "both":
		return true
	}
	return false
}
