package annotate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQuoteLineBreaks bounds how many single line breaks an unclosed quotation
// may cross while the scanner looks for its closing mark. It also bounds how
// often any byte is scanned again, which keeps extraction linear.
const maxQuoteLineBreaks = 8

// maxLexWord is the longest word the attribution lexicon is asked about;
// reading no further keeps look-ahead bounded on pathological text.
const maxLexWord = 40

// markRole is what a quotation mark does where it stands.
type markRole uint8

const (
	markNone  markRole = iota // not a quotation mark here (apostrophe, nested mark, inch sign)
	markOpen                  // opens a quotation
	markClose                 // closes one
)

// rawQuote is a quotation as the scanner sees it, in byte offsets of the text it
// was found in. Extraction converts it to a Quote at the end.
type rawQuote struct {
	start, end int  // the quoted words, marks and surrounding space excluded
	before     int  // offset of the opening mark (start when there is none)
	after      int  // offset just past the closing mark (end when there is none)
	cont       bool // continues the previous quote's utterance (next paragraph)
	utter      int
	kind       QuoteKind
	speaker    string
	conf       float64
	direct     bool // a verb of saying adjoins the quote ("...,” she said)
}

// recovery modes for a quotation whose closing mark is missing.
const (
	recoverTail = iota // the paragraph ends and the next one opens a quote
	recoverAny         // the quotation runs into narrative
)

// quoteScanner is a single left-to-right pass over a text with a small state:
// outside or inside a quotation. The text's primary marks are double quotes
// unless it uses single ones at the top level (British style), in which case
// the other kind is nested text.
type quoteScanner struct {
	s      string
	single bool
	out    []rawQuote

	open      bool
	qMark     int  // offset of the opening mark
	qStart    int  // offset just past it
	qLow      bool // opened with „, which “ may close
	qBreaks   int  // line breaks crossed while open
	qFallback int  // offset of the first of them
	qCont     bool // continues the previous quote's utterance

	nextCont  bool // the next quote opened continues the last one
	paraStart int  // offset where the current paragraph's text begins
	paraMarks bool // a mark has been seen in the current paragraph
	orphanOK  bool // the previous paragraph ended inside an unclosed quote

	rescanned int // bytes scanned a second time; see maxQuoteLineBreaks

	doubles, singles int // quotations opened by each kind of mark
}

// scanQuotes finds the quotations in s and reports how many bytes it had to
// scan a second time (see maxQuoteLineBreaks).
//
// The scan assumes double marks at the top level and counts, on the way, the
// quotations each kind of mark opens; a text that opens more with single
// marks (British style) is scanned again with single marks at the top.
func scanQuotes(s string) ([]rawQuote, int) {
	sc := quoteScanner{s: s, out: make([]rawQuote, 0, len(s)/200+4)}
	sc.run()
	if sc.singles > sc.doubles {
		sc = quoteScanner{s: s, single: true, out: sc.out[:0], rescanned: len(s)}
		sc.run()
	}
	return sc.out, sc.rescanned
}

func (sc *quoteScanner) run() {
	s := sc.s
	i := 0
	for {
		if i >= len(s) {
			if !sc.open {
				return
			}
			i = sc.endOfText()
			continue
		}
		switch s[i] {
		case '\n':
			i = sc.lineBreak(i)
		case '"', '\'', 0xE2, 0xC2:
			role, w, low := sc.classify(i)
			if role == markNone {
				i += w
				continue
			}
			i = sc.onMark(i, w, role, low)
		default:
			i++
		}
	}
}

// onMark applies a quotation mark at i of width w.
func (sc *quoteScanner) onMark(i, w int, role markRole, low bool) int {
	if !sc.open {
		if role == markOpen {
			sc.openAt(i, w, low)
			return i + w
		}
		// A closing mark with nothing open: the continuation paragraph of a
		// quotation that lost its opening mark, or a stray mark to ignore.
		if sc.orphanOK && !sc.paraMarks {
			sc.emit(sc.paraStart, i, sc.paraStart, i+w, true)
		}
		sc.paraMarks = true
		return i + w
	}
	if role == markClose {
		sc.emit(sc.qStart, i, sc.qMark, i+w, sc.qCont)
		sc.open = false
		return i + w
	}
	// An opening mark inside an open quotation: the closing mark is missing.
	if sc.qBreaks > 0 {
		return sc.endAtFallback(i)
	}
	sc.endUnclosed(i, recoverAny)
	sc.openAt(i, w, low)
	return i + w
}

func (sc *quoteScanner) openAt(i, w int, low bool) {
	if !sc.single {
		sc.doubles++
	}
	sc.open = true
	sc.qMark, sc.qStart, sc.qLow = i, i+w, low
	sc.qBreaks, sc.qFallback = 0, -1
	sc.qCont, sc.nextCont = sc.nextCont, false
	sc.paraMarks = true
}

// lineBreak handles the '\n' at i and returns where to continue.
func (sc *quoteScanner) lineBreak(i int) int {
	k, nl := skipASCIISpace(sc.s, i)
	para := nl >= 2 || k >= len(sc.s)
	if !sc.open {
		if para {
			sc.newParagraph(k, false)
		}
		return k
	}
	opens := k < len(sc.s) && sc.opensAt(k)
	if sc.qBreaks > 0 && (para || opens) {
		// The quotation crossed lines without finding its closing mark:
		// bound it at the first line break rather than swallow what follows.
		return sc.endAtFallback(i)
	}
	if opens {
		// The news convention: a paragraph that ends inside a quotation and
		// a next one that opens with a new mark continue the quotation.
		sc.endUnclosed(i, recoverTail)
		sc.nextCont = true
		if para {
			sc.newParagraph(k, false)
		}
		return k
	}
	if para {
		cut := sc.endUnclosed(i, recoverAny)
		sc.newParagraph(k, cut == i && k < len(sc.s))
		return k
	}
	// A single line break: in text laid out one sentence per line the
	// quotation goes on; remember where to bound it if it never closes.
	if sc.qBreaks == 0 {
		sc.qFallback = i
	}
	sc.qBreaks++
	if sc.qBreaks > maxQuoteLineBreaks {
		return sc.endAtFallback(i)
	}
	return i + 1
}

func (sc *quoteScanner) newParagraph(k int, orphanOK bool) {
	sc.paraStart, sc.paraMarks, sc.orphanOK = k, false, orphanOK
}

func (sc *quoteScanner) endOfText() int {
	if sc.qBreaks > 0 {
		return sc.endAtFallback(len(sc.s))
	}
	sc.endUnclosed(len(sc.s), recoverAny)
	return len(sc.s)
}

// endAtFallback closes the open quotation at its first line break and
// returns that offset so the scan resumes there, outside any quotation.
func (sc *quoteScanner) endAtFallback(at int) int {
	f := sc.qFallback
	sc.endUnclosed(f, recoverAny)
	sc.rescanned += at - f
	return f
}

// endUnclosed closes the open quotation at end, which has no closing mark,
// and returns where its text was cut.
func (sc *quoteScanner) endUnclosed(end, mode int) int {
	cut := recoverCut(sc.s, sc.qStart, end, mode)
	sc.emit(sc.qStart, cut, sc.qMark, cut, sc.qCont)
	sc.open = false
	return cut
}

// emit records the quotation whose words lie in [start,end), between marks
// at before and after, unless nothing but space is quoted.
func (sc *quoteScanner) emit(start, end, before, after int, cont bool) {
	a, b := trimQuoteText(sc.s, start, end)
	if a >= b {
		return
	}
	sc.out = append(sc.out, rawQuote{start: a, end: b, before: before, after: after, cont: cont})
}

// classify says what the mark starting at i does, its width in bytes, and
// whether it is the low opening mark „.
func (sc *quoteScanner) classify(i int) (markRole, int, bool) {
	s := sc.s
	var glyph rune
	w := 1
	switch s[i] {
	case '"', '\'':
		glyph = rune(s[i])
	case 0xE2:
		if i+2 >= len(s) || s[i+1] != 0x80 {
			return markNone, 1, false
		}
		switch s[i+2] {
		case 0x98:
			glyph = '‘'
		case 0x99:
			glyph = '’'
		case 0x9B:
			glyph = '‛'
		case 0x9C:
			glyph = '“'
		case 0x9D:
			glyph = '”'
		case 0x9E:
			glyph = '„'
		case 0x9F:
			glyph = '‟'
		default:
			return markNone, 1, false
		}
		w = 3
	case 0xC2:
		if i+1 >= len(s) {
			return markNone, 1, false
		}
		switch s[i+1] {
		case 0xAB:
			glyph = '«'
		case 0xBB:
			glyph = '»'
		default:
			return markNone, 1, false
		}
		w = 2
	default:
		return markNone, 1, false
	}
	double := isDoubleMark(glyph)
	if double == sc.single {
		// The other kind of mark is plain text here; count the quotations
		// it would open, to tell British style.
		if !sc.single && (glyph == '‘' || glyph == '\'') && spaceBefore(runeBefore(s, i)) &&
			isAlnumRune(runeAfter(s, i+w)) && !elisionAt(s, i+w) {
			sc.singles++
		}
		return markNone, w, false
	}
	prev, next := runeBefore(s, i), runeAfter(s, i+w)
	if double {
		return sc.doubleRole(glyph, prev, next), w, glyph == '„'
	}
	return sc.singleRole(glyph, i, w, prev, next), w, false
}

func (sc *quoteScanner) doubleRole(glyph, prev, next rune) markRole {
	before, after := spaceBefore(prev), spaceAfter(next)
	openCtx, closeCtx := before && !after, !before && after
	switch glyph {
	case '“', '„', '‟', '«':
		if sc.open && (closeCtx || (glyph == '“' && sc.qLow)) {
			return markClose // “ used as a closing mark (autocorrect slips, German)
		}
		return markOpen
	case '”', '»':
		if !sc.open && openCtx {
			return markOpen // ” used for both ends
		}
		return markClose
	}
	// The straight mark: context first, then state.
	if sc.open {
		if openCtx {
			return markOpen
		}
		return markClose
	}
	if closeCtx {
		if isASCIIDigit(prev) {
			return markNone // 12" pipe
		}
		return markClose
	}
	return markOpen
}

func (sc *quoteScanner) singleRole(glyph rune, i, w int, prev, next rune) markRole {
	s := sc.s
	switch glyph {
	case '‘', '‛':
		if elisionAt(s, i+w) {
			return markNone // ‘90s typed with the wrong mark
		}
		if sc.open && !spaceBefore(prev) && spaceAfter(next) {
			return markClose
		}
		return markOpen
	case '\'':
		if spaceBefore(prev) && !spaceAfter(next) {
			if elisionAt(s, i+w) {
				return markNone
			}
			return markOpen
		}
	}
	// ’ or a straight ' after a word: an apostrophe or a closing mark.
	if spaceBefore(prev) || isAlnumRune(next) {
		return markNone // ’90s, ’n’, don’t
	}
	if prev == 'n' && isSingleElisionAt(s, i) {
		return markNone // the second mark of ’n’
	}
	if (prev == 's' || prev == 'S') && next == ' ' && possessiveFollows(s, i+w) {
		return markNone // the outlets’ reporters
	}
	return markClose
}

// opensAt reports whether a quotation mark at k opens a quotation, as the
// first character of a line or paragraph.
func (sc *quoteScanner) opensAt(k int) bool {
	s := sc.s
	r, w := utf8.DecodeRuneInString(s[k:])
	next := runeAfter(s, k+w)
	if sc.single {
		switch r {
		case '‘', '‛':
			return !elisionAt(s, k+w)
		case '\'':
			return isAlnumRune(next) && !elisionAt(s, k+w)
		}
		return false
	}
	switch r {
	case '“', '„', '‟', '«':
		return true
	case '"', '”':
		return !spaceAfter(next)
	}
	return false
}

// elisionAt reports whether the word at i follows an apostrophe that marks
// letters left out rather than a quotation: ’90s, ’n’, ’em, ’til.
func elisionAt(s string, i int) bool {
	j := i
	digits := 0
	for j < len(s) && j-i < 5 && s[j] >= '0' && s[j] <= '9' {
		j++
		digits++
	}
	if digits == 2 || digits == 4 {
		return j >= len(s) || !isAlnumRune(runeAfter(s, j)) || s[j] == 's'
	}
	if digits > 0 {
		return false
	}
	for j < len(s) && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')) {
		j++
	}
	if j-i == 0 || j-i > 5 || (j < len(s) && isAlnumRune(runeAfter(s, j))) {
		return false
	}
	for _, e := range [...]string{"n", "em", "til", "tis", "twas", "cause", "bout", "cos", "coz", "ello"} {
		if strings.EqualFold(s[i:j], e) {
			return true
		}
	}
	return false
}

// isSingleElisionAt reports whether the mark at i closes ’n’ (rock ’n’ roll).
func isSingleElisionAt(s string, i int) bool {
	j := i - 1 // the n
	r, w := utf8.DecodeLastRuneInString(s[:j])
	if w == 0 || (r != '’' && r != '‘' && r != '\'') {
		return false
	}
	return spaceBefore(runeBefore(s, j-w))
}

// possessiveFollows reports whether the word after a closing-looking s’ at i
// makes the mark a plural possessive (the outlets’ reporters) rather than the
// end of a quotation (the bosses’, she said).
func possessiveFollows(s string, i int) bool {
	k, _ := skipASCIISpace(s, i)
	if k >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	if !unicode.IsLetter(r) {
		return false
	}
	j := k
	for j < len(s) && j-k < maxLexWord && s[j] != ' ' && s[j] != '\n' && s[j] != ',' && s[j] != '.' {
		j++
	}
	w := lexKey(s[k:j])
	if _, ok := subjectPronoun(w); ok || isSpeechVerb(w) {
		return false
	}
	switch w {
	case "and", "but", "or", "as", "when", "while", "because", "if", "then", "so":
		return false
	}
	return true
}

// recoverCut decides where an unclosed quotation ending at end really ends.
// A missing closing mark is usually followed by the attribution: cut the
// quotation before it. recoverTail only cuts an attribution that ends the
// paragraph; recoverAny cuts at the first clause that reads as one.
func recoverCut(s string, start, end, mode int) int {
	if mode == recoverTail {
		from := end - 160
		if from < start {
			from = start
		}
		for b := from; b < end; b++ {
			if isClauseBoundary(s, b) && attributionAt(s, b+1) && quoteWordCount(s[b+1:end]) <= 8 &&
				!sentenceEndBefore(s, b+1, end) {
				return b + 1
			}
		}
		return end
	}
	for b := start; b < end; b++ {
		if isClauseBoundary(s, b) && attributionAt(s, b+1) {
			if s[b] == '-' {
				return b // a dash belongs to neither side
			}
			return b + 1
		}
	}
	return end
}

// isClauseBoundary reports whether the byte at b ends a clause: a comma,
// sentence mark or spaced hyphen followed by a space.
func isClauseBoundary(s string, b int) bool {
	switch s[b] {
	case ',', ';', ':', '.', '!', '?', '-':
	default:
		return false
	}
	return b+1 < len(s) && s[b+1] == ' '
}

// sentenceEndBefore reports whether s[from:to] has a sentence end other than
// at its very end.
func sentenceEndBefore(s string, from, to int) bool {
	for i := from; i < to; {
		if quoteWordStart(s, i) {
			i = quoteWordEnd(s, i)
			continue
		}
		switch s[i] {
		case '.', '!', '?':
			if strings.TrimSpace(s[i+1:to]) != "" {
				return true
			}
		}
		i++
	}
	return false
}

// isInterruption reports whether two quotes are parts of one utterance broken by
// its attribution: “First part,” she said, “second part.”
func isInterruption(s string, a, b rawQuote) bool {
	if b.before < a.after || b.before-a.after > 240 {
		return false
	}
	gap := s[a.after:b.before]
	if strings.IndexByte(gap, '\n') >= 0 {
		return false
	}
	g := strings.TrimLeft(gap, " ,—–-")
	g = strings.TrimRight(g, " ")
	if g == "" || quoteWordCount(g) > 15 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(g)
	switch last {
	case ',', '.', ':', ';', '—', '–', '-':
	default:
		return false
	}
	off := a.after + (len(gap) - len(strings.TrimLeft(gap, " ,—–-")))
	return attributionAt(s, off) && !sentenceEndBefore(s, off, off+len(g))
}

// attributionAt reports whether the clause starting at i (after spaces)
// attributes speech: "she said", "said Jane Doe", "Doe told reporters",
// "the minister added", "according to ...".
func attributionAt(s string, i int) bool {
	var words [7]string
	n := 0
	for j := i; n < len(words); {
		k, _ := skipASCIISpace(s, j)
		if k >= len(s) || k-j > 8 || !quoteWordStart(s, k) {
			break
		}
		e := quoteWordEnd(s[:min(len(s), k+maxLexWord)], k)
		words[n] = s[k:e]
		n++
		j = e
	}
	if n < 2 {
		return false
	}
	w0 := lexKey(words[0])
	switch {
	case w0 == "according":
		return lexKey(words[1]) == "to"
	case isSpeechVerb(w0):
		w1 := lexKey(words[1])
		_, pro := subjectPronoun(w1)
		return pro || startsUpperCase(words[1]) || w1 == "the" || w1 == "a" || w1 == "an" || w1 == "one"
	}
	if _, ok := subjectPronoun(w0); ok {
		k := 1
		for k < n-1 && isAdverbSkip(lexKey(words[k])) {
			k++
		}
		return isSpeechVerb(lexKey(words[k]))
	}
	k := 0
	switch {
	case w0 == "the" || w0 == "a" || w0 == "an":
		k = 1
		for k < n && k < 4 && !isSpeechVerb(lexKey(words[k])) {
			k++
		}
	case startsUpperCase(words[0]) && (!isStopCap(w0) || isHonorificWord(w0)):
		for k < n && k < 5 && startsUpperCase(words[k]) {
			k++
		}
	default:
		return false
	}
	for k < n-1 && isAdverbSkip(lexKey(words[k])) {
		k++
	}
	return k < n && isSpeechVerb(lexKey(words[k]))
}

// wordsMoreThan reports whether s has more than n words, reading no further
// than it must.
func wordsMoreThan(s string, n int) bool {
	for i := 0; i < len(s); {
		if quoteWordStart(s, i) {
			if n--; n < 0 {
				return true
			}
			i = quoteWordEnd(s, i)
			continue
		}
		i++
	}
	return false
}

// quoteWordCount counts the words in s.
func quoteWordCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if quoteWordStart(s, i) {
			n++
			i = quoteWordEnd(s, i)
			continue
		}
		i++
	}
	return n
}

// quoteWordStart reports whether a word (letters or digits) starts at i.
func quoteWordStart(s string, i int) bool {
	c := s[i]
	if c < utf8.RuneSelf {
		return isASCIIAlnum(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// quoteWordEnd returns the end of the word starting at i: letters, digits and
// marks, with apostrophes, hyphens, dots and commas inside it (don’t,
// Adebayo-Ross, U.S., 22,000) and the dot of an abbreviation (Mr.).
func quoteWordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if isASCIIAlnum(c) {
				j++
				continue
			}
			if (c == '\'' || c == '-' || c == '.' || c == '&') && j > i && j+1 < len(s) && isAlnumRune(runeAfter(s, j+1)) {
				j++
				continue
			}
			if c == ',' && j > i && isASCIIDigit(rune(s[j-1])) && j+1 < len(s) && isASCIIDigit(rune(s[j+1])) {
				j++
				continue
			}
			break
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			j += w
			continue
		}
		if (r == '’' || r == '‐' || r == '‑') && j > i && isAlnumRune(runeAfter(s, j+w)) {
			j += w
			continue
		}
		break
	}
	if j < len(s) && s[j] == '.' && isAbbreviation(s[i:j]) {
		j++
	}
	return j
}

// trimQuoteText narrows [a,b) past surrounding space and any double
// quotation mark left at either end (nested marks in single-quoted text).
func trimQuoteText(s string, a, b int) (int, int) {
	for a < b {
		r, w := utf8.DecodeRuneInString(s[a:b])
		if !isQuoteSpace(r) && !isDoubleMark(r) {
			break
		}
		a += w
	}
	for b > a {
		r, w := utf8.DecodeLastRuneInString(s[a:b])
		if !isQuoteSpace(r) && !isDoubleMark(r) {
			break
		}
		b -= w
	}
	return a, b
}

// skipASCIISpace returns the first offset at or after i that is not ASCII space,
// and how many line breaks it passed.
func skipASCIISpace(s string, i int) (int, int) {
	nl := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\n':
			nl++
		case ' ', '\t', '\r', '\v', '\f':
		default:
			return i, nl
		}
	}
	return i, nl
}

func runeBefore(s string, i int) rune {
	if i <= 0 {
		return ' '
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return ' '
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// spaceBefore reports whether a mark after r stands at the start of a word.
func spaceBefore(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', '\u00a0':
		return true
	}
	return unicode.IsSpace(r)
}

// spaceAfter reports whether a mark before r stands at the end of a word.
func spaceAfter(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '…', '-', '\u00a0':
		return true
	}
	return unicode.IsSpace(r)
}

func isDoubleMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»':
		return true
	}
	return false
}

func isQuoteSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func isAlnumRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isASCIIAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

func isHonorificWord(w string) bool {
	_, ok := honorific(w)
	return ok
}

func startsUpperCase(w string) bool {
	if w == "" {
		return false
	}
	if c := w[0]; c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
