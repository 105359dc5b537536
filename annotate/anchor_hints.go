package annotate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// anchorHints maps a byte offset in the old body to where it most likely is
// in the new one: exactly in the unchanged head and tail of the body and in
// paragraphs found unchanged (and unique) in both versions, even when moved;
// through a character diff inside a changed region between such paragraphs;
// by interpolation when the region is too large to diff.
type anchorHints struct {
	old, new   string
	head, tail int                           // bytes of common prefix and suffix
	paras      []anchorPara                  // old paragraphs, in order
	prevMapped []int                         // index of the nearest mapped paragraph at or before i; -1
	nextMapped []int                         // and at or after i; -1
	diffs      map[int][]diffmatchpatch.Diff // per changed region, keyed by prevMapped
}

// anchorPara is one old paragraph (a line) and where it is in the new body.
type anchorPara struct {
	start, end int // bytes in the old body
	newStart   int // -1 when not found exactly once in each body
}

func newAnchorHints(oldBody, newBody string) *anchorHints {
	h := &anchorHints{old: oldBody, new: newBody, diffs: map[int][]diffmatchpatch.Diff{}}
	for h.head < min(len(oldBody), len(newBody)) && oldBody[h.head] == newBody[h.head] {
		h.head++
	}
	for h.tail < min(len(oldBody), len(newBody))-h.head &&
		oldBody[len(oldBody)-1-h.tail] == newBody[len(newBody)-1-h.tail] {
		h.tail++
	}
	if oldBody == newBody {
		return h
	}
	newAt := map[string]int{} // paragraph -> start, or -1 if repeated
	for s, line := range anchorLines(newBody) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if _, dup := newAt[line]; dup {
			newAt[line] = -1
		} else {
			newAt[line] = s
		}
	}
	oldCount := map[string]int{}
	for _, line := range anchorLines(oldBody) {
		oldCount[line]++
	}
	for s, line := range anchorLines(oldBody) {
		p := anchorPara{start: s, end: s + len(line), newStart: -1}
		if at, ok := newAt[line]; ok && oldCount[line] == 1 && strings.TrimSpace(line) != "" {
			p.newStart = at
		}
		h.paras = append(h.paras, p)
	}
	h.prevMapped = make([]int, len(h.paras))
	h.nextMapped = make([]int, len(h.paras))
	last := -1
	for i, p := range h.paras {
		if p.newStart >= 0 {
			last = i
		}
		h.prevMapped[i] = last
	}
	last = -1
	for i := len(h.paras) - 1; i >= 0; i-- {
		if h.paras[i].newStart >= 0 {
			last = i
		}
		h.nextMapped[i] = last
	}
	return h
}

// anchorLines yields each line of s (without its newline) and its byte start.
func anchorLines(s string) func(yield func(int, string) bool) {
	return func(yield func(int, string) bool) {
		for start := 0; start <= len(s); {
			end := strings.IndexByte(s[start:], '\n')
			if end < 0 {
				yield(start, s[start:])
				return
			}
			if !yield(start, s[start:start+end]) {
				return
			}
			start += end + 1
		}
	}
}

// mapOld maps byte b of the old body to the new body.
func (h *anchorHints) mapOld(b int) int {
	oldLen, newLen := len(h.old), len(h.new)
	clamp := func(x int) int { return min(max(x, 0), newLen) }
	switch {
	case b <= h.head:
		return clamp(b)
	case b >= oldLen-h.tail:
		return clamp(b + newLen - oldLen)
	case len(h.paras) == 0:
		return clamp(b)
	}
	k, found := slices.BinarySearchFunc(h.paras, b, func(p anchorPara, b int) int { return cmp.Compare(p.start, b) })
	if !found {
		k--
	}
	k = max(k, 0)
	if p := h.paras[k]; p.newStart >= 0 && b <= p.end {
		return clamp(p.newStart + b - p.start)
	}
	// The changed region around b, between the nearest unchanged paragraphs.
	pi, ni := h.prevMapped[k], h.nextMapped[k]
	oldA, newA, oldB, newB := 0, 0, oldLen, newLen
	if pi >= 0 {
		p := h.paras[pi]
		oldA, newA = p.end, p.newStart+p.end-p.start
	}
	if ni >= 0 {
		n := h.paras[ni]
		oldB, newB = n.start, n.newStart
	}
	if newB < newA || oldB < oldA || b < oldA || b > oldB {
		// Paragraphs moved across the region: follow the one before.
		return clamp(newA + b - oldA)
	}
	if oldB-oldA <= anchorDiffBytes && newB-newA <= anchorDiffBytes {
		diffs, ok := h.diffs[pi]
		if !ok {
			dmp := diffmatchpatch.New()
			dmp.DiffTimeout = 0 // regions are bounded; the result stays deterministic
			diffs = dmp.DiffMain(h.old[oldA:oldB], h.new[newA:newB], false)
			h.diffs[pi] = diffs
		}
		return clamp(newA + diffmatchpatch.New().DiffXIndex(diffs, b-oldA))
	}
	if oldB == oldA {
		return clamp(newA)
	}
	return clamp(newA + int(int64(b-oldA)*int64(newB-newA)/int64(oldB-oldA)))
}
