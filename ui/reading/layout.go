package reading

import (
	"sort"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"factdesk/annotate"
)

// measurer reports how wide text is drawn in the pane's font.
type measurer interface {
	// word returns the advance of a word, part of a word or cluster; results
	// may be cached. Rows are measured as the sum of their words and spaces,
	// so scrolling and hit-testing never shape a whole row.
	word(s string) float32
}

// token is a break opportunity's worth of text: a word (or one ideograph)
// and the spaces after it.
type token struct {
	cp, wordCP, endCP int // code points: start, end of the word, end of the spaces
	b, wordB, endB    int // the same in bytes
	spaces            int // width of the spaces in spaces; a tab counts 4
}

// tokenizer splits s[b:end] into tokens.
type tokenizer struct {
	s      string
	b, end int
	cp     int
}

// next returns the next token, or false at the end.
func (t *tokenizer) next() (token, bool) {
	if t.b >= t.end {
		return token{}, false
	}
	s := t.s
	tok := token{cp: t.cp, b: t.b}
	b, cp := t.b, t.cp
	var prev rune
	for b < t.end {
		r, size := rune(s[b]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[b:])
		}
		if isSpace(r) {
			break
		}
		if b > tok.b && (isIdeographic(r) || isIdeographic(prev)) && !isExtender(r) && !noBreakBefore(r) && prev != zwj {
			break
		}
		prev = r
		b += size
		cp++
	}
	tok.wordB, tok.wordCP = b, cp
	for b < t.end {
		r, size := rune(s[b]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[b:])
		}
		if !isSpace(r) {
			break
		}
		if r == '\t' {
			tok.spaces += 4
		} else {
			tok.spaces++
		}
		b += size
		cp++
	}
	tok.endB, tok.endCP = b, cp
	t.b, t.cp = b, cp
	return tok, true
}

// lineEnd says how a laid-out line ends.
type lineEnd uint8

const (
	endWrap lineEnd = iota // soft wrap: the paragraph continues on the next line
	endLine                // a single newline: a line break inside the paragraph
	endPara                // a run of two or more newlines: the paragraph ends
	endText                // the end of the body
)

// line is one laid-out row of text.
type line struct {
	start, end   int // code points [start, end) drawn on this row
	bstart, bend int // the same range in bytes
	top          float32
	width        float32 // advance of the row, summed from word widths
	brk          lineEnd
}

// metrics are the sizes a layout is computed for.
type metrics struct {
	wrap       float32 // width available to text
	lineHeight float32
	paraGap    float32 // extra space between paragraphs
	space      float32 // advance of " "
	spacing    float32 // part of lineHeight between the glyph boxes of two rows
}

// textLayout is an article body wrapped into lines. Coordinates are relative
// to the top-left corner of the text block (padding excluded).
type textLayout struct {
	text   annotate.Text
	ascii  bool
	m      measurer
	met    metrics
	lines  []line
	paras  []annotate.Span // paragraphs, newline runs excluded
	height float32
	xs     map[int]float32 // x of offsets, see xAt
}

// newTextLayout wraps body greedily at met.wrap. Paragraphs are separated by
// two or more newlines, single newlines break lines; words wider than a line
// are broken between characters, and ideographic text may break between any
// two characters.
func newTextLayout(text annotate.Text, m measurer, met metrics) *textLayout {
	s := text.String()
	l := &textLayout{text: text, ascii: text.Len() == len(s), m: m, met: met, xs: map[int]float32{}}
	l.lines = make([]line, 0, len(s)/48+1)
	var y float32
	cp, b := 0, 0
	paraStart := 0
	for {
		// one hard line: up to the next newline or the end
		hs, hb := cp, b
		for b < len(s) {
			c := s[b]
			if c == '\n' || c == '\r' {
				break
			}
			if c < utf8.RuneSelf {
				b++
			} else {
				_, size := utf8.DecodeRuneInString(s[b:])
				b += size
			}
			cp++
		}
		he, hbe := cp, b
		// the newline run after it
		newlines := 0
		for b < len(s) && (s[b] == '\n' || s[b] == '\r') {
			if s[b] == '\n' {
				newlines++
			}
			b++
			cp++
		}
		end := endText
		switch {
		case b < len(s) && newlines >= 2:
			end = endPara
		case b < len(s):
			end = endLine
		}
		y = l.wrap(hs, hb, he, hbe, end, y)
		if end == endLine {
			continue
		}
		l.paras = append(l.paras, annotate.Span{Start: paraStart, End: he})
		paraStart = cp
		if end == endText {
			break
		}
		y += met.paraGap
	}
	l.height = y
	return l
}

// wrap lays out the hard line [cs, ce) (bytes [bs, be)) from y and returns
// the y below it.
func (l *textLayout) wrap(cs, bs, ce, be int, end lineEnd, y float32) float32 {
	s := l.text.String()
	maxW := l.met.wrap
	emit := func(c0, b0, c1, b1 int, w float32, e lineEnd) {
		l.lines = append(l.lines, line{start: c0, end: c1, bstart: b0, bend: b1, top: y, width: w, brk: e})
		y += l.met.lineHeight
	}
	lc, lb := cs, bs // start of the current row
	var x float32
	tz := tokenizer{s: s, b: bs, end: be, cp: cs}
	var prev token
	for {
		tok, ok := tz.next()
		if !ok {
			break
		}
		var ww float32
		switch {
		case tok.wordB == tok.b:
		case prev.wordB > prev.b && prev.spaces == 0:
			// An ideograph after another: shaping joins them, so take
			// what it adds to the one before.
			ww = max(0, l.m.word(s[prev.b:tok.wordB])-l.m.word(s[prev.b:prev.wordB]))
		default:
			ww = l.m.word(s[tok.b:tok.wordB])
		}
		prev = tok
		if x > 0 && x+ww > maxW {
			emit(lc, lb, tok.cp, tok.b, x, endWrap)
			lc, lb, x = tok.cp, tok.b, 0
		}
		if ww > maxW {
			// break the word between characters
			x = l.breakWord(&lc, &lb, tok.cp, tok.b, tok.wordB, emit)
		} else {
			x += ww
		}
		x += float32(tok.spaces) * l.met.space
	}
	emit(lc, lb, ce, be, x, end)
	return y
}

// breakWord splits the over-long word starting at code point wc0 (bytes
// [wb0, wb1)) between clusters, emitting full rows, and returns the advance
// of the part left on the current row.
func (l *textLayout) breakWord(lc, lb *int, wc0, wb0, wb1 int, emit func(c0, b0, c1, b1 int, w float32, e lineEnd)) float32 {
	s := l.text.String()
	var x float32
	var cs clusterScanner
	cc, cb := wc0, wb0 // current cluster start
	cp, b := wc0, wb0
	flush := func(endC, endB int) {
		w := l.m.word(s[cb:endB])
		if x > 0 && x+w > l.met.wrap {
			emit(*lc, *lb, cc, cb, x, endWrap)
			*lc, *lb, x = cc, cb, 0
		}
		x += w
		cc, cb = endC, endB
	}
	for b < wb1 {
		r, size := utf8.DecodeRuneInString(s[b:])
		if cs.boundary(r) && b > cb {
			flush(cp, b)
		}
		b += size
		cp++
	}
	if b > cb {
		flush(cp, b)
	}
	return x
}

// lineAt returns the index of the row at y, clamped to the rows. A gap between
// paragraphs belongs to the row above it.
func (l *textLayout) lineAt(y float32) int {
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i].top > y })
	return max(i-1, 0)
}

// lineOf returns the index of the row holding offset off. An offset at a soft
// wrap belongs to the row it starts.
func (l *textLayout) lineOf(off int) int {
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i].start > off })
	return max(i-1, 0)
}

// byteAt converts offset off, which must lie on row ln, to a byte offset.
func (l *textLayout) byteAt(ln *line, off int) int {
	if off <= ln.start {
		return ln.bstart
	}
	if off >= ln.end {
		return ln.bend
	}
	if l.ascii {
		return ln.bstart + off - ln.start
	}
	s := l.text.String()
	b := ln.bstart
	for k := off - ln.start; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(s[b:])
		b += size
	}
	return b
}

// xAt returns the x of the caret before offset off on row li.
func (l *textLayout) xAt(li int, off int) float32 {
	ln := &l.lines[li]
	if off <= ln.start {
		return 0
	}
	off = min(off, ln.end)
	// An offset is cached for the one row where it is not the row start.
	if x, ok := l.xs[off]; ok {
		return x
	}
	s := l.text.String()
	var x float32
	// Words are measured whole, and so are runs of ideographs: shaping
	// joins their glyphs, so measuring them one by one would drift.
	runB := -1 // start of the run of tokens not yet measured
	tz := tokenizer{s: s, b: ln.bstart, end: ln.bend, cp: ln.start}
	for {
		tok, ok := tz.next()
		if !ok {
			break
		}
		if runB < 0 {
			runB = tok.b
		}
		if off <= tok.wordCP {
			// inside the word: measure the run up to off
			b := tok.b
			for k := off - tok.cp; k > 0; k-- {
				_, size := utf8.DecodeRuneInString(s[b:])
				b += size
			}
			if b > runB {
				x += l.m.word(s[runB:b])
			}
			break
		}
		if tok.spaces == 0 {
			continue // the run goes on into the next token
		}
		x += l.m.word(s[runB:tok.wordB])
		runB = -1
		if off < tok.endCP {
			// among the spaces after it
			tz2 := tokenizer{s: s, b: tok.wordB, end: l.byteAt(ln, off), cp: tok.wordCP}
			if sp, ok := tz2.next(); ok {
				x += float32(sp.spaces) * l.met.space
			}
			break
		}
		x += float32(tok.spaces) * l.met.space
	}
	l.xs[off] = x
	return x
}

// clusters returns the offsets where clusters start on row li, followed by
// the row's end.
func (l *textLayout) clusters(li int) []int {
	ln := &l.lines[li]
	out := make([]int, 0, ln.end-ln.start+1)
	s := l.text.String()
	var cs clusterScanner
	cp := ln.start
	for b := ln.bstart; b < ln.bend; {
		r, size := utf8.DecodeRuneInString(s[b:])
		if cs.boundary(r) {
			out = append(out, cp)
		}
		b += size
		cp++
	}
	return append(out, ln.end)
}

// offsetAt maps a point to the nearest caret offset: the cluster boundary
// closest to x on the row at y. Points above the text map to 0, below it to
// the end of the text.
func (l *textLayout) offsetAt(p fyne.Position) int {
	if len(l.lines) == 0 || p.Y < 0 {
		return 0
	}
	last := &l.lines[len(l.lines)-1]
	if p.Y >= last.top+l.met.lineHeight {
		return l.text.Len()
	}
	li := l.lineAt(p.Y)
	bs := l.clusters(li)
	// first boundary at or right of x
	k := sort.Search(len(bs), func(k int) bool { return l.xAt(li, bs[k]) >= p.X })
	switch {
	case k == len(bs):
		return bs[len(bs)-1]
	case k == 0:
		return bs[0]
	}
	if p.X-l.xAt(li, bs[k-1]) < l.xAt(li, bs[k])-p.X {
		return bs[k-1]
	}
	return bs[k]
}

// charAt returns the offset of the cluster under a point, or the row end when
// the point is right of the text. It is what a double click selects around.
func (l *textLayout) charAt(p fyne.Position) int {
	if len(l.lines) == 0 || p.Y < 0 {
		return 0
	}
	li := l.lineAt(p.Y)
	bs := l.clusters(li)
	k := sort.Search(len(bs), func(k int) bool { return l.xAt(li, bs[k]) > p.X })
	if k == 0 {
		return bs[0]
	}
	return bs[k-1]
}

// rectOf returns the box of the cluster at offset off: its top-left corner and
// size. At the end of a row the box has no width.
func (l *textLayout) rectOf(off int) (fyne.Position, fyne.Size) {
	if len(l.lines) == 0 {
		return fyne.Position{}, fyne.NewSize(0, l.met.lineHeight)
	}
	off = min(max(off, 0), l.text.Len())
	li := l.lineOf(off)
	ln := &l.lines[li]
	x0 := l.xAt(li, off)
	x1 := x0
	if off < ln.end {
		x1 = l.xAt(li, min(nextCluster(l.text, off), ln.end))
	}
	return fyne.NewPos(x0, ln.top), fyne.NewSize(x1-x0, l.met.lineHeight)
}

// spanRects calls fn with the box of each row-part of span sp on rows
// [first, last]. A part that runs on past a line or paragraph break is
// widened by a space so a selected break shows.
func (l *textLayout) spanRects(sp annotate.Span, first, last int, fn func(pos fyne.Position, size fyne.Size)) {
	if sp.Empty() || len(l.lines) == 0 {
		return
	}
	first = max(first, l.lineOf(sp.Start))
	last = min(last, l.lineOf(sp.End), len(l.lines)-1)
	for li := first; li <= last; li++ {
		ln := &l.lines[li]
		a, b := max(sp.Start, ln.start), min(sp.End, ln.end)
		if a > b {
			continue
		}
		x0, x1 := l.xAt(li, a), l.xAt(li, b)
		if sp.End > ln.end && (ln.brk == endLine || ln.brk == endPara) {
			x1 += l.met.space
		}
		if x1 <= x0 {
			continue
		}
		fn(fyne.NewPos(x0, ln.top), fyne.NewSize(x1-x0, l.met.lineHeight))
	}
}

// paragraphAt returns the paragraph holding offset off.
func (l *textLayout) paragraphAt(off int) annotate.Span {
	i := sort.Search(len(l.paras), func(i int) bool { return l.paras[i].End >= off })
	if i == len(l.paras) {
		if len(l.paras) == 0 {
			return annotate.Span{}
		}
		i = len(l.paras) - 1
	}
	return l.paras[i]
}
