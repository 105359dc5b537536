package annotate

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Re-anchoring moves annotations made on one version of an article body to
// the next, the way Hypothesis re-anchors highlights when a page changes:
//
//  1. the same offsets, when the text there is unchanged;
//  2. the exact text, at the occurrence whose stored context matches best and
//     that lies nearest where the old position maps to;
//  3. a fuzzy match, scored on how much of the text survives (words in
//     order, with typos tolerated), on its context and on nearness;
//  4. otherwise the annotation is orphaned: kept, with its old text.
//
// Positions are handled in bytes internally and turned into code points only
// when an annotation is placed. Every search is bounded: exact occurrences
// are found with strings.Index, fuzzy candidates come from a word index of
// the new body, and each candidate is aligned only within a window sized to
// the quote, so an MB-sized body costs a few passes over the text per
// version, not per annotation.

// Tuning of the search. The acceptance thresholds were set on the generated
// edit corpus in anchor_quality_test.go.
const (
	// anchorExactScored is how many exact occurrences are scored in full;
	// beyond it the ones with the best immediate context and the nearest to
	// the expected position are kept.
	anchorExactScored = 64
	// anchorExactScan caps the exact occurrences looked at in one body.
	anchorExactScan = 1 << 16
	// anchorMaxPostings: a word more frequent than this in the new body
	// votes for candidate positions only near the expected position.
	anchorMaxPostings = 512
	// anchorHintWords is the reach, in words, of that nearby vote.
	anchorHintWords = 2000
	// anchorCandidates is how many candidate regions are aligned.
	anchorCandidates = 8
	// anchorMaxAlignWords: longer quotes are aligned by head and tail.
	anchorMaxAlignWords = 200
	// anchorEdgeWords is the length of that head and tail.
	anchorEdgeWords = 48
	// anchorContextWords is how many words of stored context either side
	// take part in the alignment.
	anchorContextWords = 3
	// anchorMinKept is the share of the quote's words that must survive,
	// in order, for a fuzzy match.
	anchorMinKept = 0.5
	// anchorContextOK is the context similarity (0..1, either side) that
	// confirms a match on its own.
	anchorContextOK = 0.6
	// anchorContextWeak is the similarity below which a side's context
	// contradicts a fuzzy match: unrelated text scores about 0.15.
	anchorContextWeak = 0.35
	// anchorDistinctRunes: an exact text this long is taken as distinctive
	// enough to stand without its context.
	anchorDistinctRunes = 48
	// anchorUniqueRunes: an exact text this long (or of two words or more)
	// found once in each version is taken to be the same text.
	anchorUniqueRunes = 12
	// anchorDiffBytes bounds the changed region that is diffed character
	// by character to place the expected position; larger regions are
	// interpolated.
	anchorDiffBytes = 4 << 10
)

// Reanchor moves annotation a, made on oldBody, to newBody and sets its
// Anchor state (see the steps above). The span, Exact, Prefix and Suffix
// follow the text when it is found; when the wording changed (fuzzy) or the
// text is gone (orphaned), OldExact keeps the text as it was. An orphaned
// annotation keeps its span, clamped into newBody, and its old Exact, Prefix
// and Suffix, so a later version can still re-attach it. The result's span
// always lies inside newBody.
func Reanchor(oldBody, newBody string, a Annotation) Annotation {
	return newReanchorer(oldBody, newBody).reanchor(a)
}

// ReanchorAll re-anchors every annotation in as from oldBody to newBody, in
// order, sharing the indexing of the two bodies. It returns a new slice of the
// same length: no annotation is dropped.
func ReanchorAll(oldBody, newBody string, as []Annotation) []Annotation {
	out := make([]Annotation, len(as))
	if len(as) == 0 {
		return out
	}
	r := newReanchorer(oldBody, newBody)
	for i, a := range as {
		out[i] = r.reanchor(a)
	}
	return out
}

// reanchorer holds what re-anchoring needs to know about one pair of bodies.
type reanchorer struct {
	old, new Text
	hints    *anchorHints
	words    *anchorWords // built on the first fuzzy search
}

func newReanchorer(oldBody, newBody string) *reanchorer {
	return &reanchorer{
		old:   NewText(oldBody),
		new:   NewText(newBody),
		hints: newAnchorHints(oldBody, newBody),
	}
}

// anchorQuery is what an annotation gives the search.
type anchorQuery struct {
	exact, prefix, suffix string
	hint                  int // expected start in the new body, in bytes
	// wordStart and wordEnd say the text began and ended on a word
	// boundary, as a selection of whole words does; a place for it must too.
	wordStart, wordEnd bool
}

// anchorMatch is a placement found in the new body, in bytes.
type anchorMatch struct {
	start, end     int
	kept           float64 // share of the quote's words found, in order
	verbatim       bool    // every word found, typos aside, and none added
	prefix, suffix float64 // context similarity, 0..1
	score          float64
	unique         bool // exact text found once in each version
}

func (r *reanchorer) reanchor(a Annotation) Annotation {
	q := anchorQuery{exact: a.Exact, prefix: a.Prefix, suffix: a.Suffix}
	oldSpanOK := a.Span.Check(r.old.Len()) == nil && !a.Span.Empty()
	if q.exact == "" && oldSpanOK {
		// An annotation stored without its text: take it from the old body.
		q.exact = r.old.Slice(a.Span)
	}
	if q.exact == "" {
		return r.orphan(a, q.exact)
	}
	if q.prefix == "" && q.suffix == "" && oldSpanOK && r.old.Slice(a.Span) == q.exact {
		q.prefix = r.old.Slice(Span{max(0, a.Start-ContextRunes), a.Start})
		q.suffix = r.old.Slice(Span{a.End, min(r.old.Len(), a.End+ContextRunes)})
	}
	q.hint = r.hints.mapOld(r.old.Byte(a.Start))
	first, _ := utf8.DecodeRuneInString(q.exact)
	last, _ := utf8.DecodeLastRuneInString(q.exact)
	before, _ := utf8.DecodeLastRuneInString(q.prefix)
	after, _ := utf8.DecodeRuneInString(q.suffix)
	q.wordStart = anchorWordRune(first) && (q.prefix == "" || !anchorWordRune(before))
	q.wordEnd = anchorWordRune(last) && (q.suffix == "" || !anchorWordRune(after))

	// 1. Same offsets, same text.
	if a.Span.Check(r.new.Len()) == nil && r.new.Slice(a.Span) == q.exact {
		s, e := r.new.Byte(a.Start), r.new.Byte(a.End)
		p, sf := r.contextScores(q, s, e)
		if r.onBoundaries(q, s, e) && (e <= r.hints.head || max(p, sf) >= anchorContextOK) {
			return r.place(a, q.exact, s, e)
		}
	}
	// 2. The exact text, where its context fits best.
	best, found := r.exactMatch(q)
	if found && r.acceptExact(q, best) {
		return r.place(a, q.exact, best.start, best.end)
	}
	// 3. A fuzzy match, with the exact candidate competing.
	if m, ok := r.fuzzyMatch(q); ok && (!found || m.score > best.score) {
		if r.acceptFuzzy(q, m) {
			return r.place(a, q.exact, m.start, m.end)
		}
	}
	// 4. Orphaned.
	return r.orphan(a, q.exact)
}

// place moves a to bytes [s, e) of the new body: anchored when text and
// offsets are unchanged, moved when only the offsets changed, fuzzy when the
// text changed.
func (r *reanchorer) place(a Annotation, oldExact string, s, e int) Annotation {
	body := r.new.String()
	sp := Span{r.new.Rune(s), r.new.Rune(e)}
	text := body[s:e]
	switch {
	case text != oldExact:
		a.Anchor, a.OldExact = AnchorFuzzy, oldExact
	case sp == a.Span:
		a.Anchor, a.OldExact = AnchorAnchored, ""
	default:
		a.Anchor, a.OldExact = AnchorMoved, ""
	}
	a.Span = sp
	a.Exact = text
	a.Prefix = r.new.Slice(Span{max(0, sp.Start-ContextRunes), sp.Start})
	a.Suffix = r.new.Slice(Span{sp.End, min(r.new.Len(), sp.End+ContextRunes)})
	return a
}

// orphan marks a as orphaned, keeping its text and clamping its span into the
// new body.
func (r *reanchorer) orphan(a Annotation, exact string) Annotation {
	n := r.new.Len()
	a.Start = min(max(a.Start, 0), n)
	a.End = min(max(a.End, a.Start), n)
	a.Exact = exact
	a.OldExact = exact
	a.Anchor = AnchorOrphaned
	return a
}

// contextScores rates how well the new body around bytes [s, e) matches the
// stored prefix and suffix.
func (r *reanchorer) contextScores(q anchorQuery, s, e int) (prefix, suffix float64) {
	body := r.new.String()
	return anchorContextScore(q.prefix, anchorRunesBefore(body, s, RuneLen(q.prefix)), s == 0, true),
		anchorContextScore(q.suffix, anchorRunesAfter(body, e, RuneLen(q.suffix)), e == len(body), false)
}

// score combines a match's parts with Hypothesis's weights: the quote counts
// most, then each side's context, then nearness as a tie-breaker.
func (r *reanchorer) score(q anchorQuery, m *anchorMatch) {
	near := 1.0
	if n := len(r.new.String()); n > 0 {
		near = 1 - float64(anchorAbs(m.start-q.hint))/float64(n)
	}
	m.score = (50*m.kept + 20*m.prefix + 20*m.suffix + 2*near) / 92
}

// acceptExact decides whether an exact occurrence is trusted: its context
// matches on either side; or it sits where the old position maps to and
// neither side contradicts it (a deleted sentence maps to the start of the
// next, which may well begin with the same word); or the text is long enough
// to be distinctive; or it is the only occurrence in either version and more
// than a word.
func (r *reanchorer) acceptExact(q anchorQuery, m anchorMatch) bool {
	return max(m.prefix, m.suffix) >= anchorContextOK ||
		(m.start == q.hint && min(m.prefix, m.suffix) >= anchorContextWeak) ||
		RuneLen(q.exact) >= anchorDistinctRunes ||
		(m.unique && (RuneLen(q.exact) >= anchorUniqueRunes || len(anchorTokenize(q.exact)) >= 2))
}

// acceptFuzzy decides whether a fuzzy match is trusted: enough of the quote
// survives, and its context confirms it on one side and, unless the words are
// all there as they were (typos and punctuation aside), does not contradict
// it on the other; or most of a long quote is there. Requiring both sides
// keeps a deleted sentence from landing on a neighbour that shares most of
// its words ("We were ready" → "We were not ready").
func (r *reanchorer) acceptFuzzy(q anchorQuery, m anchorMatch) bool {
	if m.kept < anchorMinKept {
		return false
	}
	if max(m.prefix, m.suffix) >= anchorContextOK && (m.verbatim || min(m.prefix, m.suffix) >= anchorContextWeak) {
		return true
	}
	return m.kept >= 0.8 && RuneLen(q.exact) >= anchorDistinctRunes
}

// exactMatch finds the best occurrence of the exact text in the new body.
func (r *reanchorer) exactMatch(q anchorQuery) (anchorMatch, bool) {
	body := r.new.String()
	var occ []int
	for from := 0; from <= len(body) && len(occ) < anchorExactScan; {
		i := strings.Index(body[from:], q.exact)
		if i < 0 {
			break
		}
		occ = append(occ, from+i)
		_, size := utf8.DecodeRuneInString(body[from+i:])
		from += i + max(size, 1)
	}
	if len(occ) == 0 {
		return anchorMatch{}, false
	}
	if len(occ) > anchorExactScored {
		occ = r.shortlist(q, occ)
	}
	var best anchorMatch
	found := false
	for _, s := range occ {
		m := anchorMatch{start: s, end: s + len(q.exact), kept: 1}
		if !r.onBoundaries(q, m.start, m.end) || !r.onRunes(m.start, m.end) {
			continue // a whole word found inside a longer one
		}
		m.prefix, m.suffix = r.contextScores(q, m.start, m.end)
		r.score(q, &m)
		if !found || m.score > best.score {
			best, found = m, true
		}
	}
	best.unique = found && len(occ) == 1 && strings.Count(r.old.String(), q.exact) == 1
	return best, found
}

// onRunes reports whether bytes [s, e) of the new body are a non-empty run
// of whole code points as Text counts them (which matters only for invalid
// UTF-8, where a search may match inside a sequence).
func (r *reanchorer) onRunes(s, e int) bool {
	return s < e && r.new.Byte(r.new.Rune(s)) == s && r.new.Byte(r.new.Rune(e)) == e
}

// onBoundaries reports whether bytes [s, e) of the new body start and end on
// word boundaries where the query's text did.
func (r *reanchorer) onBoundaries(q anchorQuery, s, e int) bool {
	body := r.new.String()
	if q.wordStart && s > 0 {
		if c, _ := utf8.DecodeLastRuneInString(body[:s]); anchorWordRune(c) {
			return false
		}
	}
	if q.wordEnd && e < len(body) {
		if c, _ := utf8.DecodeRuneInString(body[e:]); anchorWordRune(c) {
			return false
		}
	}
	return true
}

// shortlist keeps the exact occurrences worth scoring in full: those whose
// immediate context is byte-for-byte the stored one, then the nearest to the
// expected position.
func (r *reanchorer) shortlist(q anchorQuery, occ []int) []int {
	body := r.new.String()
	const probe = 8
	pre := q.prefix[max(0, len(q.prefix)-probe):]
	suf := q.suffix[:min(len(q.suffix), probe)]
	type ranked struct{ at, quick, dist int }
	rs := make([]ranked, len(occ))
	for i, s := range occ {
		e := s + len(q.exact)
		quick := 0
		if pre != "" && strings.HasSuffix(body[:s], pre) {
			quick++
		}
		if suf != "" && strings.HasPrefix(body[e:], suf) {
			quick++
		}
		rs[i] = ranked{at: s, quick: quick, dist: anchorAbs(s - q.hint)}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.quick, a.quick); c != 0 {
			return c
		}
		return cmp.Compare(a.dist, b.dist)
	})
	out := make([]int, 0, anchorExactScored)
	for _, x := range rs[:anchorExactScored] {
		out = append(out, x.at)
	}
	return out
}

// fuzzyMatch looks for the quote's words, in order and with typos tolerated,
// in regions of the new body where they cluster and around the expected
// position, and returns the best-scoring placement.
func (r *reanchorer) fuzzyMatch(q anchorQuery) (anchorMatch, bool) {
	if r.words == nil {
		r.words = newAnchorWords(r.new.String())
	}
	w := r.words
	quote := anchorTokenize(q.exact)
	if len(quote) == 0 {
		return anchorMatch{}, false
	}
	pat := w.pattern(quote)
	before := w.pattern(anchorContextTokens(q.prefix, true))
	after := w.pattern(anchorContextTokens(q.suffix, false))
	lead := q.exact[:quote[0].start]
	trail := q.exact[quote[len(quote)-1].end:]

	hintTok, _ := slices.BinarySearchFunc(w.toks, q.hint, func(t anchorToken, h int) int {
		return cmp.Compare(t.start, h)
	})
	var best anchorMatch
	found := false
	for _, d := range w.candidates(pat, hintTok) {
		al, ok := w.alignAt(before, pat, after, d)
		if !ok {
			continue
		}
		first, last := al.first, al.last
		s := anchorExtendBack(w.body, w.toks[first].start, lead)
		e := anchorExtendForward(w.body, w.toks[last].end, trail)
		if !r.onRunes(s, e) {
			continue
		}
		m := anchorMatch{start: s, end: e, kept: float64(al.kept) / float64(al.of),
			verbatim: al.kept == al.of && al.added == 0 && !al.partial}
		m.prefix, m.suffix = r.contextScores(q, s, e)
		r.score(q, &m)
		if !found || m.score > best.score {
			best, found = m, true
		}
	}
	return best, found
}

// anchorContextScore rates how alike a stored context and the text now in
// its place are, from 0 to 1: half for how far they agree outward from the
// span (so text that is merely nearby, shifted by a few words, scores low),
// half for their edit distance (so a typo a few letters away costs little).
// Quote marks and whitespace compare by kind. An empty stored context matches
// only the edge of the body (atEdge) fully, anything else halfway. prefix
// says the context lies before the span.
func anchorContextScore(stored, now string, atEdge, prefix bool) float64 {
	if stored == "" {
		if atEdge {
			return 1
		}
		return 0.5
	}
	a, b := anchorFoldRunes(stored), anchorFoldRunes(now)
	n := max(len(a), len(b))
	agree := 0
	for agree < min(len(a), len(b)) {
		i, j := agree, agree
		if prefix {
			i, j = len(a)-1-agree, len(b)-1-agree
		}
		if a[i] != b[j] {
			break
		}
		agree++
	}
	return 0.5*float64(agree)/float64(n) + 0.5*anchorSimilarity(a, b)
}

// anchorFoldRunes returns s as runes with every quote mark and apostrophe
// made straight and every space made ' '.
func anchorFoldRunes(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsSpace(r):
			rs[i] = ' '
		case strings.ContainsRune("“”„«»\"", r):
			rs[i] = '"'
		case strings.ContainsRune("‘’‚‹›'", r):
			rs[i] = '\''
		}
	}
	return rs
}

// anchorSimilarity is 1 minus the edit distance of a and b over the longer
// length.
func anchorSimilarity(a, b []rune) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
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
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(b)])/float64(n)
}

// anchorRunesBefore returns up to n code points of s ending at byte i.
func anchorRunesBefore(s string, i, n int) string {
	j := i
	for k := 0; k < n && j > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
	}
	return s[j:i]
}

// anchorRunesAfter returns up to n code points of s starting at byte i.
func anchorRunesAfter(s string, i, n int) string {
	j := i
	for k := 0; k < n && j < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return s[i:j]
}

// anchorExtendBack moves start back over the punctuation that opened the
// quote (lead, such as an opening quote mark), pairing each lead rune with a
// non-word rune of the text; the marks may differ ("“" for `"`), spaces must
// stay spaces.
func anchorExtendBack(body string, start int, lead string) int {
	for l := lead; l != "" && start > 0; {
		lr, lsize := utf8.DecodeLastRuneInString(l)
		c, size := utf8.DecodeLastRuneInString(body[:start])
		if anchorWordRune(c) || unicode.IsSpace(c) != unicode.IsSpace(lr) {
			break
		}
		start -= size
		l = l[:len(l)-lsize]
	}
	return start
}

// anchorExtendForward moves end forward over the punctuation that closed
// the quote (trail), as anchorExtendBack does at the start.
func anchorExtendForward(body string, end int, trail string) int {
	for t := trail; t != "" && end < len(body); {
		tr, tsize := utf8.DecodeRuneInString(t)
		c, size := utf8.DecodeRuneInString(body[end:])
		if anchorWordRune(c) || unicode.IsSpace(c) != unicode.IsSpace(tr) {
			break
		}
		end += size
		t = t[tsize:]
	}
	return end
}

func anchorAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
