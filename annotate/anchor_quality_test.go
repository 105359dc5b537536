package annotate_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"factdesk/annotate"
)

// The quality corpus: spans of a fixture article, each put through many kinds
// of qualityEdit, with the place each span should end up worked out from the qualityEdit
// itself (or the knowledge that its text is gone).

// qualityEdit is one generated change to the fixture and where the span belongs
// afterwards.
type qualityEdit struct {
	kind   string
	body   string
	want   annotate.Span
	orphan bool    // the span's text is gone: it must be orphaned
	kept   float64 // share of the span's words left untouched
}

// replacement replaces runes [start, end) of the old body with text.
type replacement struct {
	start, end int
	text       string
}

// applyReplacements applies non-overlapping replacements, sorted by start, to runes.
func applyReplacements(old []rune, rs []replacement) string {
	var b strings.Builder
	at := 0
	for _, r := range rs {
		b.WriteString(string(old[at:r.start]))
		b.WriteString(r.text)
		at = r.end
	}
	b.WriteString(string(old[at:]))
	return b.String()
}

// mapSpanThrough says where span sp of the old body is after rs: each end shifts with
// the text before it; an end inside a replaced range goes to the edge of the
// replacement (the start to its start, the end to its end), so a replaced
// first or last runeWord stays inside the span; an insertion exactly at an end
// stays outside the span.
func mapSpanThrough(sp annotate.Span, rs []replacement) annotate.Span {
	return annotate.Span{Start: mapPosThrough(sp.Start, rs, true), End: mapPosThrough(sp.End, rs, false)}
}

// mapPosThrough maps one end of a span; see mapSpanThrough.
func mapPosThrough(x int, rs []replacement, isStart bool) int {
	delta := 0
	for _, r := range rs {
		grow := anchorRuneLen(r.text) - (r.end - r.start)
		switch {
		case r.start == r.end: // insertion
			if r.start < x || (r.start == x && isStart) {
				delta += grow
				continue
			}
			return x + delta
		case r.end < x || (r.end == x && isStart):
			delta += grow
		case isStart && r.start <= x:
			return r.start + delta
		case !isStart && r.start < x:
			return r.start + delta + anchorRuneLen(r.text)
		default:
			return x + delta
		}
	}
	return x + delta
}

func anchorRuneLen(s string) int { return len([]rune(s)) }

// runeWord is a runeWord of the fixture, in runes.
type runeWord struct{ start, end int }

// words splits runes into words: letters and digits, joined by apostrophes;
// a number with a decimal point or thousands separators is one word.
func runeWords(rs []rune, from, to int) []runeWord {
	var out []runeWord
	in := -1
	for i := from; i <= to; i++ {
		joiner := in >= 0 && i+1 < to && ((strings.ContainsRune("’'", rs[i]) && unicode.IsLetter(rs[i+1])) ||
			(strings.ContainsRune(",.", rs[i]) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])))
		letter := i < to && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) || joiner)
		switch {
		case letter && in < 0:
			in = i
		case !letter && in >= 0:
			out = append(out, runeWord{in, i})
			in = -1
		}
	}
	return out
}

// keptShare is the share of the span's words that no replacement touches,
// not counting replacements of punctuation by punctuation.
func keptShare(rs []rune, sp annotate.Span, reps []replacement) float64 {
	ws := runeWords(rs, sp.Start, sp.End)
	if len(ws) == 0 {
		return 0
	}
	kept := 0
	for _, w := range ws {
		touched := false
		for _, r := range reps {
			if onlyPunctuation(string(rs[r.start:r.end])) && onlyPunctuation(r.text) {
				continue
			}
			if (r.start == r.end && w.start < r.start && r.start < w.end) ||
				(r.start < w.end && w.start < r.end) {
				touched = true
			}
		}
		if !touched {
			kept++
		}
	}
	return float64(kept) / float64(len(ws))
}

func onlyPunctuation(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// paragraphs returns the rune ranges of the fixture's paragraphs.
func paragraphSpans(rs []rune) []annotate.Span {
	var out []annotate.Span
	start := 0
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == '\n' && rs[i+1] == '\n' {
			out = append(out, annotate.Span{Start: start, End: i})
			start = i + 2
			i++
		}
	}
	end := len(rs)
	for end > start && unicode.IsSpace(rs[end-1]) {
		end--
	}
	return append(out, annotate.Span{Start: start, End: end})
}

// sentences returns the rune ranges of the sentences of a paragraph: each ends
// after . ? or !, with any closing quote mark, before a space.
func sentenceSpans(rs []rune, p annotate.Span) []annotate.Span {
	var out []annotate.Span
	start := p.Start
	for i := p.Start; i < p.End; i++ {
		if !strings.ContainsRune(".?!", rs[i]) {
			continue
		}
		end := i + 1
		if end < p.End && (rs[end] == '”' || rs[end] == '"') {
			end++
		}
		if end == p.End || rs[end] == ' ' {
			out = append(out, annotate.Span{Start: start, End: end})
			start = end + 1
			i = end
		}
	}
	if start < p.End {
		out = append(out, annotate.Span{Start: start, End: p.End})
	}
	return out
}

// quotes returns the rune ranges of “…” quotations, marks included.
func quoteSpans(rs []rune, p annotate.Span) []annotate.Span {
	var out []annotate.Span
	open := -1
	for i := p.Start; i < p.End; i++ {
		switch rs[i] {
		case '“':
			open = i
		case '”':
			if open >= 0 {
				out = append(out, annotate.Span{Start: open, End: i + 1})
				open = -1
			}
		}
	}
	return out
}

// corpusSpans picks the spans to annotate: every sentence, every quotation,
// and random runs of one to twelve words, some with their punctuation.
func corpusSpans(rs []rune, rng *rand.Rand) []annotate.Span {
	var out []annotate.Span
	paras := paragraphSpans(rs)
	for _, p := range paras {
		out = append(out, sentenceSpans(rs, p)...)
		out = append(out, quoteSpans(rs, p)...)
	}
	for len(out) < 260 {
		p := paras[rng.IntN(len(paras))]
		ws := runeWords(rs, p.Start, p.End)
		n := 1 + rng.IntN(min(12, len(ws)))
		if rng.IntN(3) == 0 {
			n = 1 + rng.IntN(3) // plenty of short spans: the hardest to place
		}
		i := rng.IntN(len(ws) - n + 1)
		sp := annotate.Span{Start: ws[i].start, End: ws[i+n-1].end}
		if rng.IntN(3) == 0 {
			for sp.End < p.End && strings.ContainsRune(",.;:”’!?", rs[sp.End]) {
				sp.End++
			}
		}
		out = append(out, sp)
	}
	return out
}

var freshWords = []string{"granite", "velvet", "orchard", "lantern", "compass", "tundra",
	"saffron", "pylon", "quartz", "meadowsweet", "juniper", "kestrel", "basalt", "tinder"}

// generateEdits makes every kind of qualityEdit that applies to span sp of rs.
func generateEdits(rs []rune, sp annotate.Span, rng *rand.Rand) []qualityEdit {
	var out []qualityEdit
	add := func(kind string, reps []replacement, orphan bool) {
		slices.SortFunc(reps, func(a, b replacement) int { return a.start - b.start })
		for i := 1; i < len(reps); i++ {
			if reps[i].start < reps[i-1].end {
				return // overlapping: skip this case
			}
		}
		e := qualityEdit{kind: kind, body: applyReplacements(rs, reps), orphan: orphan, kept: keptShare(rs, sp, reps)}
		if !orphan {
			e.want = mapSpanThrough(sp, reps)
		}
		out = append(out, e)
	}
	paras := paragraphSpans(rs)
	pi := slices.IndexFunc(paras, func(p annotate.Span) bool { return p.Start <= sp.Start && sp.End <= p.End })
	para := paras[pi]
	ws := runeWords(rs, sp.Start, sp.End)
	m := len(ws)

	add("insert at top", []replacement{{0, 0, "Updated at 9.40am with the latest river levels.\n\n"}}, false)
	add("insert paragraph before", []replacement{{para.Start, para.Start, "A spokesman for the fire service said crews remained on standby.\n\n"}}, false)
	add("insert just before", []replacement{{sp.Start, sp.Start, "as officials confirmed, "}}, false)
	add("insert just after", []replacement{{sp.End, sp.End, " (officials said so on Monday)"}}, false)
	if m >= 2 {
		k := rng.IntN(m - 1)
		add("insert inside", []replacement{{ws[k].end, ws[k].end, " truly"}}, false)
	}
	if k := pickLongWord(ws, rng); k >= 0 {
		add("typo inside", []replacement{typoIn(rs, ws[k], rng)}, false)
	}
	if before := runeWords(rs, max(para.Start, sp.Start-30), sp.Start); len(before) > 1 {
		w := before[len(before)-2] // whole runeWord inside the stored prefix
		if w.end-w.start >= 4 {
			add("typo in context", []replacement{typoIn(rs, w, rng)}, false)
		}
	}
	for i := sp.Start; i < sp.End; i++ {
		if rs[i] == ',' {
			add("punctuation inside", []replacement{{i, i + 1, ";"}}, false)
			add("comma removed", []replacement{{i, i + 1, ""}}, false)
			break
		}
	}
	if last := sp.End - 1; rs[last] == '.' || rs[last] == '”' {
		add("closing punctuation", []replacement{{last, sp.End, "!"}}, false)
	}
	var marks []replacement
	for i, r := range rs {
		if s, ok := map[rune]string{'“': `"`, '”': `"`, '‘': "'", '’': "'"}[r]; ok {
			marks = append(marks, replacement{i, i + 1, s})
		}
	}
	add("quote marks straightened", marks, false)
	var ws2 []replacement
	if m >= 2 {
		k := rng.IntN(m - 1)
		ws2 = append(ws2, replacement{ws[k].end, ws[k+1].start, []string{"  ", "\n", " \n "}[rng.IntN(3)]})
	}
	if pi > 0 {
		ws2 = append(ws2, replacement{paras[pi-1].End, paras[pi].Start, "\n\n\n"})
	}
	add("whitespace", ws2, false)
	if m >= 3 {
		k := 1 + rng.IntN(m-2)
		add("runeWord deleted inside", []replacement{{ws[k].start, ws[k+1].start, ""}}, false)
	}
	for _, rw := range []struct {
		kind   string
		n      int
		orphan bool
	}{
		{"rewrite a third", (m + 2) / 3, false},
		{"rewrite half", m / 2, false},
		{"rewrite most", m - m/3, false},
		{"rewrite all", m, true},
	} {
		if rw.n == 0 || (rw.n == m && !rw.orphan) || (rw.kind == "rewrite half" && m < 2) {
			continue
		}
		var reps []replacement
		for _, k := range rng.Perm(m)[:rw.n] {
			reps = append(reps, replacement{ws[k].start, ws[k].end, freshWords[rng.IntN(len(freshWords))]})
		}
		add(rw.kind, reps, rw.orphan)
	}
	// Deletions: the span's sentences, or just the span.
	sents := sentenceSpans(rs, para)
	from, to := -1, -1
	for _, s := range sents {
		if s.Start <= sp.Start && sp.Start < s.End+1 && from < 0 {
			from = s.Start
		}
		if s.Start < sp.End && sp.End <= s.End {
			to = s.End
		}
	}
	if from >= 0 && to >= 0 {
		if to < para.End {
			to++ // the space after
		}
		add("sentence deleted", []replacement{{from, to, ""}}, true)
	}
	add("span deleted", []replacement{{sp.Start, sp.End, ""}}, true)
	// The rest of the span's sentence rewritten: the span itself survives
	// with new context on both sides.
	if from >= 0 && to >= 0 {
		var reps []replacement
		for _, w := range runeWords(rs, from, to) {
			if w.end <= sp.Start || w.start >= sp.End {
				reps = append(reps, replacement{w.start, w.end, freshWords[rng.IntN(len(freshWords))]})
			}
		}
		if len(reps) >= 2 {
			add("sentence rewritten around", reps, false)
		}
	}
	// The span's sentence swapped with the next one.
	for i := 0; i+1 < len(sents); i++ {
		a, b := sents[i], sents[i+1]
		if a.Start <= sp.Start && sp.End <= a.End {
			swapped := string(rs[b.Start:b.End]) + " " + string(rs[a.Start:a.End])
			d := (b.End - b.Start) + 1
			out = append(out, qualityEdit{kind: "sentences swapped", kept: 1,
				body: applyReplacements(rs, []replacement{{a.Start, b.End, swapped}}),
				want: annotate.Span{Start: sp.Start + d, End: sp.End + d}})
		}
	}
	// Several edits at once, as in a real update.
	combo := []replacement{{0, 0, "Updated at 10.15am.\n\n"}}
	combo = append(combo, marks...)
	if m >= 2 {
		k := rng.IntN(m - 1)
		combo = append(combo, replacement{ws[k].end, ws[k].end, " badly"})
	}
	if far := farLongWord(rs, paras, pi, rng); far.end > 0 {
		combo = append(combo, typoIn(rs, far, rng))
	}
	add("several edits", combo, false)
	out = append(out, paragraphMoves(rs, sp, paras, pi)...)
	return out
}

// moves builds the paragraph moves: the span's paragraph to the top, and a
// later paragraph to the top (which moves the span down).
func paragraphMoves(rs []rune, sp annotate.Span, paras []annotate.Span, pi int) []qualityEdit {
	var out []qualityEdit
	text := func(p annotate.Span) string { return string(rs[p.Start:p.End]) }
	build := func(order []int) (string, []int) {
		var b strings.Builder
		starts := make([]int, len(paras))
		for n, i := range order {
			if n > 0 {
				b.WriteString("\n\n")
			}
			starts[i] = anchorRuneLen(b.String())
			b.WriteString(text(paras[i]))
		}
		b.WriteString(string(rs[paras[len(paras)-1].End:]))
		return b.String(), starts
	}
	shift := func(order []int, kind string) {
		body, starts := build(order)
		d := starts[pi] - paras[pi].Start
		out = append(out, qualityEdit{kind: kind, body: body, kept: 1,
			want: annotate.Span{Start: sp.Start + d, End: sp.End + d}})
	}
	all := make([]int, len(paras))
	for i := range all {
		all[i] = i
	}
	if pi > 0 {
		shift(append([]int{pi}, slices.Delete(slices.Clone(all), pi, pi+1)...), "paragraph moved")
	}
	if last := len(paras) - 1; pi < last {
		shift(append([]int{last}, all[:last]...), "other paragraph moved above")
	}
	return out
}

// pickLong returns the index of a random runeWord of five or more letters, or -1.
func pickLongWord(ws []runeWord, rng *rand.Rand) int {
	var long []int
	for i, w := range ws {
		if w.end-w.start >= 5 {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return -1
	}
	return long[rng.IntN(len(long))]
}

// typo swaps two letters inside w or drops one.
func typoIn(rs []rune, w runeWord, rng *rand.Rand) replacement {
	r := slices.Clone(rs[w.start:w.end])
	i := 1 + rng.IntN(len(r)-2)
	if rng.IntN(2) == 0 && r[i] != r[i+1] {
		r[i], r[i+1] = r[i+1], r[i]
	} else {
		r = slices.Delete(r, i, i+1)
	}
	return replacement{w.start, w.end, string(r)}
}

// farWord picks a long runeWord in a paragraph other than pi.
func farLongWord(rs []rune, paras []annotate.Span, pi int, rng *rand.Rand) runeWord {
	qi := (pi + 1 + rng.IntN(len(paras)-1)) % len(paras)
	ws := runeWords(rs, paras[qi].Start, paras[qi].End)
	if k := pickLongWord(ws, rng); k >= 0 {
		return ws[k]
	}
	return runeWord{}
}

// kindTally counts outcomes for one kind of edit.
type kindTally struct{ n, correct, orphaned, wrong int }

func loadAnchorFixture(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "anchor", "article.txt"))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return string(b)
}

func TestReanchorQuality(t *testing.T) {
	body := loadAnchorFixture(t)
	rs := []rune(body)
	rng := rand.New(rand.NewPCG(2026, 3))
	spans := corpusSpans(rs, rng)

	kinds := map[string]*kindTally{}
	var gated, gatedOK, gone, wronglyPlaced, total, orphanedKept int
	var failures []string
	for si, sp := range spans {
		a, err := annotate.NewAnnotation(1, body, sp, annotate.KindQuote)
		if err != nil {
			t.Fatalf("span %d %v: %v", si, sp, err)
		}
		a.ID = int64(si + 1)
		eds := generateEdits(rs, sp, rand.New(rand.NewPCG(uint64(si), 7)))
		bodies := make([]string, len(eds))
		for i, e := range eds {
			bodies[i] = e.body
		}
		for _, e := range eds {
			got := annotate.Reanchor(body, e.body, a)
			total++
			nt := annotate.NewText(e.body)
			if err := got.Span.Check(nt.Len()); err != nil {
				t.Fatalf("%s on span %v: result %v outside the new body: %v", e.kind, sp, got.Span, err)
			}
			if got.ID != a.ID || got.Kind != a.Kind {
				t.Fatalf("%s on span %v: annotation identity lost: %+v", e.kind, sp, got)
			}
			k := kinds[e.kind]
			if k == nil {
				k = &kindTally{}
				kinds[e.kind] = k
			}
			k.n++
			if got.Anchor == annotate.AnchorOrphaned {
				k.orphaned++
				if got.Exact != a.Exact || got.OldExact != a.Exact {
					t.Errorf("%s on span %v: orphan lost its text: %+v", e.kind, sp, got)
				}
				orphanedKept++
			}
			if e.orphan {
				gone++
				if got.Anchor != annotate.AnchorOrphaned {
					wronglyPlaced++
					k.wrong++
					failures = append(failures, fmt.Sprintf("%s: %q placed at %v %q (%s), text is gone",
						e.kind, a.Exact, got.Span, got.Exact, got.Anchor))
				}
				continue
			}
			ok := got.Anchor != annotate.AnchorOrphaned && got.Span == e.want && anchorStateRight(a, e, got)
			if ok {
				k.correct++
			}
			if e.kept >= 0.5 {
				gated++
				if ok {
					gatedOK++
				} else if len(failures) < 40 {
					failures = append(failures, fmt.Sprintf("%s (kept %.2f): %q want %v %q, got %v %q (%s)",
						e.kind, e.kept, a.Exact, e.want, nt.Slice(e.want), got.Span, got.Exact, got.Anchor))
				}
			}
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		k := kinds[name]
		t.Logf("%-28s %4d cases  %4d correct  %4d orphaned  %d wrongly placed", name, k.n, k.correct, k.orphaned, k.wrong)
	}
	share := float64(gatedOK) / float64(gated)
	t.Logf("%d spans, %d cases; kept ≥ half the words: %d/%d re-anchored correctly (%.2f%%); text gone: %d cases, %d wrongly placed",
		len(spans), total, gatedOK, gated, 100*share, gone, wronglyPlaced)
	for _, f := range failures {
		t.Log(f)
	}
	if share < 0.98 {
		t.Errorf("re-anchored correctly: %.2f%%, want ≥ 98%%", 100*share)
	}
	if wronglyPlaced != 0 {
		t.Errorf("%d annotations placed where their text is gone, want 0", wronglyPlaced)
	}
}

// stateRight checks the anchor state against what the qualityEdit did to the text.
func anchorStateRight(a annotate.Annotation, e qualityEdit, got annotate.Annotation) bool {
	now := annotate.NewText(e.body).Slice(e.want)
	switch {
	case now != a.Exact:
		return got.Anchor == annotate.AnchorFuzzy && got.OldExact == a.Exact && got.Exact == now
	case e.want == a.Span:
		return got.Anchor == annotate.AnchorAnchored && got.OldExact == ""
	default:
		return got.Anchor == annotate.AnchorMoved && got.OldExact == ""
	}
}
