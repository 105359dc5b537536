package annotate

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// WordDiff is a word-level diff between two texts.
type WordDiff struct {
	// Ops turn the first text into the second: the Text of the equal and
	// delete ops concatenated gives the first text exactly, that of the
	// equal and insert ops the second. Adjacent ops never share a kind, and
	// in a change a delete comes before its insert.
	Ops []DiffOp
	// Similarity is 2·m/(wa+wb) over the normalised words (NormalizeWords)
	// of the two texts, where m is the length of their longest common word
	// subsequence: 1 for the same words in the same order whatever the
	// punctuation, case and quotation marks, 0 for no word in common. Two
	// texts without any word are similarity 1.
	Similarity float64
}

// DiffWords diffs a and b word by word. The texts are cut into words, runs
// of white space, and single punctuation marks; each distinct token becomes
// one rune for diffmatchpatch, whose result is cleaned up semantically (so a
// rewritten phrase shows as one change, not a patchwork of shared "the"s)
// and mapped back to the original text.
func DiffWords(a, b string) WordDiff {
	pa, pb := prepareDiff(a), prepareDiff(b)
	var enc diffEncoder
	return diffPrepared(&pa, &pb, enc.encode(&pa), enc.encode(&pb))
}

// PunctOnly reports whether op is an insert or delete of nothing but
// punctuation, quotation marks and white space, the kind of difference the
// UI shows in a quieter style (a comma for a full stop, straight for curly
// marks). Equal ops report false.
func (op DiffOp) PunctOnly() bool {
	if op.Op == OpEqual || op.Text == "" {
		return false
	}
	for _, r := range op.Text {
		if isWordRune(r) {
			return false
		}
	}
	return true
}

// newDMP returns a diffmatchpatch without a time limit, so a diff depends on
// its input alone and never on the machine's load.
func newDMP() *diffmatchpatch.DiffMatchPatch {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	return dmp
}

// diffText is a text made ready for diffing: where its tokens end, and its
// normalised words.
type diffText struct {
	text  string
	ends  []int32
	words []uint64
}

func prepareDiff(s string) diffText {
	return diffText{text: s, ends: tokenEnds(s), words: appendWordHashes(nil, s)}
}

// offset returns the byte offset where token i starts (len(text) for
// i == len(ends)).
func (t *diffText) offset(i int) int {
	if i == 0 {
		return 0
	}
	return int(t.ends[i-1])
}

// token returns token i of t.
func (t *diffText) token(i int) string { return t.text[t.offset(i):t.ends[i]] }

// diffEncoder gives each distinct token a stand-in rune. One encoder can
// serve several texts, so the members of a group are encoded once and
// diffed pair by pair. The zero value is ready to use.
type diffEncoder struct {
	alpha  runeAlphabet
	runeOf map[string]rune
}

// encode returns the stand-in runes of t's tokens.
func (e *diffEncoder) encode(t *diffText) []rune {
	if e.runeOf == nil {
		e.runeOf = make(map[string]rune, len(t.ends))
	}
	rs := make([]rune, len(t.ends))
	for i := range t.ends {
		tok := t.token(i)
		r, ok := e.runeOf[tok]
		if !ok {
			r = e.alpha.take(classOf(tok))
			e.runeOf[tok] = r
		}
		rs[i] = r
	}
	return rs
}

// diffPrepared diffs two prepared texts whose tokens one encoder encoded as
// ra and rb.
func diffPrepared(a, b *diffText, ra, rb []rune) WordDiff {
	return WordDiff{Ops: diffOps(a, b, ra, rb), Similarity: similarity(a.words, b.words)}
}

// diffOps computes the ops that turn a into b, given their tokens' stand-in
// runes. The ops' texts are slices of a's and b's.
func diffOps(a, b *diffText, ra, rb []rune) []DiffOp {
	if a.text == b.text {
		if a.text == "" {
			return nil
		}
		return []DiffOp{{Op: OpEqual, Text: a.text}}
	}
	dmp := newDMP()
	raw := dmp.DiffMainRunes(ra, rb, false)
	cleaned := dmp.DiffCleanupSemantic(slices.Clone(raw))
	if ops, ok := decodeOps(cleaned, a, b); ok {
		return ops
	}
	// The clean-up mangled stand-ins beyond ASCII: use the raw diff, with
	// lone spaces between two edits folded into the change.
	if ops, ok := decodeOps(raw, a, b); ok {
		return absorbSpaces(ops, a.text, b.text)
	}
	return replaceAll(a.text, b.text)
}

// replaceAll is the diff of last resort: delete all of a, insert all of b.
func replaceAll(a, b string) []DiffOp {
	var ops []DiffOp
	if a != "" {
		ops = append(ops, DiffOp{Op: OpDelete, Text: a})
	}
	if b != "" {
		ops = append(ops, DiffOp{Op: OpInsert, Text: b})
	}
	return ops
}

// decodeOps maps diffs over stand-in runes back to the texts: a diff of n
// runes covers the next n tokens of a (equal, delete) or of b (equal,
// insert). Runs come out in the canonical shape (equal, delete, insert,
// equal, ...). ok is false when the diffs do not rebuild a and b, as when
// the clean-up has cut a stand-in rune in two.
func decodeOps(diffs []diffmatchpatch.Diff, a, b *diffText) (ops []DiffOp, ok bool) {
	ia, ib := 0, 0 // tokens used
	delFrom, insFrom := -1, -1
	eqFrom := -1 // in a
	flushEq := func() {
		if eqFrom >= 0 {
			ops = append(ops, DiffOp{Op: OpEqual, Text: a.text[a.offset(eqFrom):a.offset(ia)]})
			eqFrom = -1
		}
	}
	flushChange := func() {
		if delFrom >= 0 {
			ops = append(ops, DiffOp{Op: OpDelete, Text: a.text[a.offset(delFrom):a.offset(ia)]})
			delFrom = -1
		}
		if insFrom >= 0 {
			ops = append(ops, DiffOp{Op: OpInsert, Text: b.text[b.offset(insFrom):b.offset(ib)]})
			insFrom = -1
		}
	}
	for _, d := range diffs {
		if !utf8.ValidString(d.Text) {
			return nil, false
		}
		n := utf8.RuneCountInString(d.Text)
		if n == 0 {
			continue
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if ia+n > len(a.ends) || ib+n > len(b.ends) ||
				a.text[a.offset(ia):a.offset(ia+n)] != b.text[b.offset(ib):b.offset(ib+n)] {
				return nil, false
			}
			flushChange()
			if eqFrom < 0 {
				eqFrom = ia
			}
			ia, ib = ia+n, ib+n
		case diffmatchpatch.DiffDelete:
			if ia+n > len(a.ends) {
				return nil, false
			}
			flushEq()
			if delFrom < 0 {
				delFrom = ia
			}
			ia += n
		default:
			if ib+n > len(b.ends) {
				return nil, false
			}
			flushEq()
			if insFrom < 0 {
				insFrom = ib
			}
			ib += n
		}
	}
	flushEq()
	flushChange()
	if ia != len(a.ends) || ib != len(b.ends) {
		return nil, false
	}
	return ops, true
}

// opsRebuild reports whether ops turn a into b.
func opsRebuild(ops []DiffOp, a, b string) bool {
	ia, ib := 0, 0
	for _, op := range ops {
		switch op.Op {
		case OpEqual:
			if !strings.HasPrefix(a[ia:], op.Text) || !strings.HasPrefix(b[ib:], op.Text) {
				return false
			}
			ia += len(op.Text)
			ib += len(op.Text)
		case OpDelete:
			if !strings.HasPrefix(a[ia:], op.Text) {
				return false
			}
			ia += len(op.Text)
		case OpInsert:
			if !strings.HasPrefix(b[ib:], op.Text) {
				return false
			}
			ib += len(op.Text)
		default:
			return false
		}
	}
	return ia == len(a) && ib == len(b)
}

// absorbSpaces folds each equal op of white space alone that sits between
// two changes into them, so "delete quick, keep ' ', delete brown" reads as
// one deleted phrase. ops must turn a into b; the result does too, its
// texts still slices of a and b.
func absorbSpaces(ops []DiffOp, a, b string) []DiffOp {
	out := make([]DiffOp, 0, len(ops))
	ia, ib := 0, 0
	for i := 0; i < len(ops); {
		if ops[i].Op == OpEqual {
			out = append(out, ops[i])
			ia += len(ops[i].Text)
			ib += len(ops[i].Text)
			i++
			continue
		}
		// A change: take it and every space-only equality followed by
		// another change.
		sa, sb := ia, ib
		j := i
		for j < len(ops) {
			op := ops[j]
			if op.Op == OpEqual {
				if strings.TrimSpace(op.Text) != "" || j+1 == len(ops) || ops[j+1].Op == OpEqual {
					break
				}
				ia += len(op.Text)
				ib += len(op.Text)
			} else if op.Op == OpDelete {
				ia += len(op.Text)
			} else {
				ib += len(op.Text)
			}
			j++
		}
		if ia > sa {
			out = append(out, DiffOp{Op: OpDelete, Text: a[sa:ia]})
		}
		if ib > sb {
			out = append(out, DiffOp{Op: OpInsert, Text: b[sb:ib]})
		}
		i = j
	}
	return out
}

// similarity is WordDiff.Similarity over two texts' normalised words.
func similarity(wa, wb []uint64) float64 {
	if len(wa)+len(wb) == 0 {
		return 1
	}
	return 2 * float64(lcsLen(wa, wb)) / float64(len(wa)+len(wb))
}

// lcsLen returns the length of the longest common subsequence of a and b.
func lcsLen(a, b []uint64) int {
	// Common ends first: variants of one quote mostly share them.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	a, b = a[pre:], b[pre:]
	suf := 0
	for suf < len(a) && suf < len(b) && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	a, b = a[:len(a)-suf], b[:len(b)-suf]
	if len(a) == 0 || len(b) == 0 {
		return pre + suf
	}
	if len(a)*len(b) <= 1<<16 {
		return pre + suf + lcsDP(a, b)
	}
	// Long texts: Myers' O(ND) diff over one rune per distinct word.
	ids := make(map[uint64]rune, len(a)+len(b))
	toRunes := func(ws []uint64) []rune {
		rs := make([]rune, len(ws))
		for i, w := range ws {
			r, ok := ids[w]
			if !ok {
				r = rune(len(ids) + 1)
				if r >= 0xD800 {
					r += 0x800 // skip surrogates
				}
				ids[w] = r
			}
			rs[i] = r
		}
		return rs
	}
	n := 0
	for _, d := range newDMP().DiffMainRunes(toRunes(a), toRunes(b), false) {
		if d.Type == diffmatchpatch.DiffEqual {
			n += utf8.RuneCountInString(d.Text)
		}
	}
	return pre + suf + n
}

// lcsDP is the textbook dynamic programme for lcsLen, one row at a time.
func lcsDP(a, b []uint64) int {
	if len(b) > len(a) {
		a, b = b, a
	}
	// Sentences and quotes are short: keep their row on the stack.
	var buf [64]int32
	row := buf[:0]
	if len(b) < len(buf) {
		row = buf[:len(b)+1]
	} else {
		row = make([]int32, len(b)+1)
	}
	for i := range a {
		var diag int32 // row[j] of the previous row
		for j := range b {
			up := row[j+1]
			switch {
			case a[i] == b[j]:
				row[j+1] = diag + 1
			case row[j] > up:
				row[j+1] = row[j]
			}
			diag = up
		}
	}
	return int(row[len(b)])
}
