package annotate

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fuzzy search: the words of the new body are indexed once; candidate
// regions come from where the quote's words cluster, and each is aligned
// with the quote and a few words of its context, word by word.
// anchorToken is a word of a text: bytes [start, end) and its folded form.
type anchorToken struct {
	start, end int
	key        string
	id         int32 // index in anchorWords.keys; -1 when not in the new body
}

// anchorWordRune reports whether r belongs to a word.
func anchorWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// anchorApostrophe reports whether r is an apostrophe, which joins the parts
// of a word like "isn’t".
func anchorApostrophe(r rune) bool { return r == '\'' || r == '’' }

// anchorTokenize splits s into words: runs of letters and digits, joined by
// apostrophes, folded to lower case with one kind of apostrophe, so that
// punctuation, quote marks, case and whitespace do not matter. Numbers keep
// their decimal point and drop thousands separators ("9,000" is "9000").
func anchorTokenize(s string) []anchorToken {
	var toks []anchorToken
	var key strings.Builder
	start := -1
	prev := rune(0)
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		switch {
		case anchorWordRune(c):
			if start < 0 {
				start = i
				key.Reset()
			}
			key.WriteRune(unicode.ToLower(c))
		case start >= 0 && anchorApostrophe(c) && anchorWordRune(next):
			key.WriteByte('\'')
		case start >= 0 && (c == ',' || c == '.') && unicode.IsDigit(prev) && unicode.IsDigit(next):
			if c == '.' {
				key.WriteByte('.')
			}
		default:
			if start >= 0 {
				toks = append(toks, anchorToken{start: start, end: i, key: key.String(), id: -1})
				start = -1
			}
		}
		i += size
		prev = c
	}
	if start >= 0 {
		toks = append(toks, anchorToken{start: start, end: len(s), key: key.String(), id: -1})
	}
	return toks
}

// anchorContextTokens returns the words of a stored prefix (the last
// anchorContextWords) or suffix (the first ones), leaving out a word cut in
// two where the context was clipped.
func anchorContextTokens(ctx string, isPrefix bool) []anchorToken {
	toks := anchorTokenize(ctx)
	clipped := RuneLen(ctx) >= ContextRunes
	if isPrefix {
		if clipped && len(toks) > 0 && toks[0].start == 0 {
			toks = toks[1:]
		}
		return toks[max(0, len(toks)-anchorContextWords):]
	}
	if clipped && len(toks) > 0 && toks[len(toks)-1].end == len(ctx) {
		toks = toks[:len(toks)-1]
	}
	return toks[:min(len(toks), anchorContextWords)]
}

// anchorWords indexes the words of the new body.
type anchorWords struct {
	body     string
	toks     []anchorToken
	ids      map[string]int32
	keys     []string
	postings [][]int32 // token indexes of each word id, ascending
}

func newAnchorWords(body string) *anchorWords {
	w := &anchorWords{body: body, toks: anchorTokenize(body), ids: map[string]int32{}}
	for i := range w.toks {
		t := &w.toks[i]
		id, ok := w.ids[t.key]
		if !ok {
			id = int32(len(w.keys))
			w.ids[t.key] = id
			w.keys = append(w.keys, t.key)
			w.postings = append(w.postings, nil)
		}
		t.id = id
		t.key = w.keys[id] // share one string per word
		w.postings[id] = append(w.postings[id], int32(i))
	}
	return w
}

// pattern gives tokens of a quote or its context their ids in the new body.
func (w *anchorWords) pattern(toks []anchorToken) []anchorToken {
	out := make([]anchorToken, len(toks))
	for i, t := range toks {
		t.id = -1
		if id, ok := w.ids[t.key]; ok {
			t.id = id
		}
		out[i] = t
	}
	return out
}

// candidates returns token indexes where the quote's first word may now be:
// the diagonals where its words cluster, most votes first, and the expected
// position.
func (w *anchorWords) candidates(pat []anchorToken, hintTok int) []int {
	if len(pat) > anchorMaxAlignWords {
		pat = pat[:anchorEdgeWords] // a long quote is found by its head
	}
	var diags []int
	seen := map[int32]bool{}
	for _, p := range pat {
		if p.id < 0 || seen[p.id] {
			continue
		}
		seen[p.id] = true
		post := w.postings[p.id]
		if len(post) > anchorMaxPostings {
			lo, _ := slices.BinarySearch(post, int32(hintTok-anchorHintWords))
			hi, _ := slices.BinarySearch(post, int32(hintTok+anchorHintWords))
			post = post[lo:hi]
		}
		for qi, q := range pat {
			if q.id != p.id {
				continue
			}
			for _, at := range post {
				diags = append(diags, int(at)-qi)
			}
		}
	}
	out := []int{hintTok}
	if len(diags) == 0 {
		return out
	}
	slices.Sort(diags)
	band := max(2, len(pat)/4)
	type cluster struct{ at, votes int }
	var cs []cluster
	j := 0
	for i := range diags {
		for diags[j] < diags[i]-band {
			j++
		}
		// votes in (diags[i]-band, diags[i]], centred on the median
		cs = append(cs, cluster{at: diags[(i+j)/2], votes: i - j + 1})
	}
	slices.SortStableFunc(cs, func(a, b cluster) int { return cmp.Compare(b.votes, a.votes) })
	for _, c := range cs {
		if len(out) > anchorCandidates {
			break
		}
		dup := false
		for _, o := range out {
			if anchorAbs(o-c.at) <= band {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c.at)
		}
	}
	return out
}

// alignAt aligns the quote near token d. Long quotes are aligned by their
// head and tail, and only those count.
func (w *anchorWords) alignAt(before, pat, after []anchorToken, d int) (anchorAlignment, bool) {
	m := len(pat)
	if m <= anchorMaxAlignWords {
		slack := 4 + m/2
		return w.align(before, pat, after, d-len(before)-slack, d+m+len(after)+slack)
	}
	e := anchorEdgeWords
	slack := 4 + e/2
	head, ok := w.align(before, pat[:e], nil, d-len(before)-slack, d+e+slack)
	if !ok {
		return anchorAlignment{}, false
	}
	// The tail is found as the head was, among the places where its words
	// cluster, allowing the quote to have shrunk or grown by half.
	tailPat := pat[m-e:]
	var tail anchorAlignment
	found := false
	for _, td := range w.candidates(tailPat, head.first+m-e) {
		if td < head.first+(m-e)/2 || td > head.first+2*m {
			continue
		}
		t, ok := w.align(nil, tailPat, after, td-slack, td+e+len(after)+slack)
		if ok && t.last > head.first && (!found || t.kept > tail.kept) {
			tail, found = t, true
		}
	}
	if !found {
		return anchorAlignment{}, false
	}
	return anchorAlignment{first: head.first, last: tail.last, kept: head.kept + tail.kept,
		of: head.of + tail.of, added: head.added + tail.added, partial: true}, true
}

// anchorAlignment is the outcome of aligning a pattern with the new body.
type anchorAlignment struct {
	first, last int  // new tokens aligned to the first and last quote word found
	kept        int  // quote words matched, exactly or as a near miss
	of          int  // quote words aligned for
	added       int  // new words inside the quote that match none of its words
	partial     bool // only the head and tail of a long quote were aligned
}

// Alignment scores: the quote's words weigh more than the context's. A
// missing quote word costs more than a substituted one, so a replaced word at
// either edge of the quote stays inside the span.
const (
	alignQuoteMatch = 4
	alignQuoteNear  = 3  // one typo apart
	alignQuoteMiss  = -2 // substituted, or a new word inside the quote
	alignQuoteGone  = -3 // missing from the text
	alignCtxMatch   = 2
	alignCtxNear    = 1
	alignCtxMiss    = -1 // also a new word between context and quote

	alignNegInfinity = -1 << 30
)

// Moves of the alignment, for the traceback.
const (
	alignMoveStart = iota // a fresh start before the quote
	alignMoveDiag         // pattern word aligned with text word
	alignMoveUp           // pattern word missing from the text
	alignMoveLeft         // text word not in the pattern
)

// align finds the best alignment of before+pat+after with the new tokens in
// [lo, hi): all of pat must be aligned, the context words may be skipped at
// the outer ends for free, and the text is free at both ends (a semi-global
// alignment, as in Sellers' algorithm, over words).
func (w *anchorWords) align(before, pat, after []anchorToken, lo, hi int) (anchorAlignment, bool) {
	lo, hi = max(lo, 0), min(hi, len(w.toks))
	if hi <= lo {
		return anchorAlignment{}, false
	}
	text := w.toks[lo:hi]
	x := make([]anchorToken, 0, len(before)+len(pat)+len(after))
	x = append(append(append(x, before...), pat...), after...)
	a, m := len(before), len(pat)
	L, n := len(x), len(text)
	inQuote := func(i int) bool { return i >= a && i < a+m }

	cols := n + 1
	score := make([]int32, (L+1)*cols)
	move := make([]uint8, (L+1)*cols)
	for i := 0; i <= L; i++ {
		for j := 0; j <= n; j++ {
			// Moves are tried in order of preference on equal scores: a
			// match, a missing pattern word, a substitution, an inserted
			// text word, a fresh start.
			best, mv := int32(alignNegInfinity), uint8(alignMoveStart)
			diag, sub := int32(alignNegInfinity), int32(0)
			if i > 0 && j > 0 {
				sub = w.subScore(x[i-1], text[j-1], inQuote(i-1))
				diag = score[(i-1)*cols+j-1] + sub
				if sub > 0 {
					best, mv = diag, alignMoveDiag
				}
			}
			if i > 0 {
				c := int32(alignCtxMiss)
				if inQuote(i - 1) {
					c = alignQuoteGone
				}
				if v := score[(i-1)*cols+j] + c; v > best {
					best, mv = v, alignMoveUp
				}
			}
			if sub <= 0 && diag > best {
				best, mv = diag, alignMoveDiag
			}
			if j > 0 {
				c := int32(alignCtxMiss)
				if i > a && i < a+m {
					c = alignQuoteMiss
				}
				if v := score[i*cols+j-1] + c; v > best {
					best, mv = v, alignMoveLeft
				}
			}
			if i <= a && 0 > best {
				best, mv = 0, alignMoveStart
			}
			score[i*cols+j], move[i*cols+j] = best, mv
		}
	}
	// Best end: all of the quote consumed, any text position.
	bi, bj, bs := -1, -1, int32(alignNegInfinity)
	for i := a + m; i <= L; i++ {
		for j := 0; j <= n; j++ {
			if v := score[i*cols+j]; v > bs {
				bi, bj, bs = i, j, v
			}
		}
	}
	res := anchorAlignment{first: -1, last: -1, of: m}
	for i, j := bi, bj; i > 0 || j > 0; {
		mv := move[i*cols+j]
		if mv == alignMoveStart {
			break
		}
		switch mv {
		case alignMoveDiag:
			if inQuote(i - 1) {
				if res.last < 0 {
					res.last = lo + j - 1
				}
				res.first = lo + j - 1
				if w.subScore(x[i-1], text[j-1], true) > 0 {
					res.kept++
				}
			}
			i, j = i-1, j-1
		case alignMoveUp:
			i--
		case alignMoveLeft:
			if i > a && i < a+m {
				res.added++
			}
			j--
		}
	}
	return res, res.first >= 0 && res.kept > 0
}

// subScore scores aligning pattern word p with text word t.
func (w *anchorWords) subScore(p, t anchorToken, quote bool) int32 {
	switch {
	case p.id >= 0 && p.id == t.id:
		if quote {
			return alignQuoteMatch
		}
		return alignCtxMatch
	case anchorNearWord(p.key, t.key):
		if quote {
			return alignQuoteNear
		}
		return alignCtxNear
	case quote:
		return alignQuoteMiss
	default:
		return alignCtxMiss
	}
}

// anchorNearWord reports whether two different words are one typo apart:
// both at least four letters, differing by one edit (two for long words),
// where swapping two neighbouring letters counts as one.
func anchorNearWord(a, b string) bool {
	if len(a) < 4 || len(b) < 4 || a == b || anchorAbs(len(a)-len(b)) > utf8.UTFMax ||
		(a[0] != b[0] && a[len(a)-1] != b[len(b)-1]) {
		return false // cheap byte tests first: the first or last rune must agree
	}
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if anchorAbs(la-lb) > 1 || (ra[0] != rb[0] && ra[la-1] != rb[lb-1]) {
		return false
	}
	limit := 1
	if min(la, lb) >= 8 {
		limit = 2
	}
	return anchorOSADistance(ra, rb) <= limit
}

// anchorOSADistance is the optimal string alignment distance between a and
// b: insertions, deletions, substitutions and transpositions of neighbours.
func anchorOSADistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
