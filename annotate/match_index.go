package annotate

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// shingleWords is the length of the word n-grams quotes are indexed by.
const shingleWords = 3

// maxPosting caps how many distinct texts a shingle may index and still be
// looked up. A three-word run shared by more texts is stock phrasing ("at
// the end", "we are going"): looking it up would compare every quote that
// uses it with every other, a cost that grows with the square of the
// archive. Such shingles still count towards the prefix filter.
const maxPosting = 100

// shingleIndex is an inverted index from word 3-grams to the quotes that
// hold them, in compressed-sparse-row form: the quotes holding shingle
// keys[r] are post[start[r]:start[r+1]], in increasing order.
type shingleIndex struct {
	keys  []uint64
	start []int32
	post  []int32
	// of[q] lists text q's distinct shingles as row numbers in keys, in
	// increasing order; over[q] those of them held by more than maxPosting
	// texts, which are not looked up.
	of, over [][]int32
}

// shingleKey hashes a run of words into one key. Collisions only add
// candidates, which verification then rejects.
func shingleKey(ws []uint64) uint64 {
	h := uint64(fnvOffset64)
	for _, w := range ws {
		h ^= w
		h *= fnvPrime64
		h ^= h >> 29
	}
	return h
}

// quoteShingles returns the distinct shingle keys of a quote's words,
// sorted. A quote shorter than a shingle is one shingle of all its words.
func quoteShingles(ws []uint64) []uint64 {
	if len(ws) == 0 {
		return nil
	}
	if len(ws) < shingleWords {
		return []uint64{shingleKey(ws)}
	}
	keys := make([]uint64, 0, len(ws)-shingleWords+1)
	for i := 0; i+shingleWords <= len(ws); i++ {
		keys = append(keys, shingleKey(ws[i:i+shingleWords]))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// buildShingleIndex indexes the quotes whose words are given.
func buildShingleIndex(words [][]uint64, workers int) *shingleIndex {
	keysOf := make([][]uint64, len(words))
	parallelRange(len(words), workers, func(_, lo, hi int) {
		for q := lo; q < hi; q++ {
			keysOf[q] = quoteShingles(words[q])
		}
	})
	total := 0
	for _, ks := range keysOf {
		total += len(ks)
	}
	entries := make([]shingleEntry, 0, total)
	for q, ks := range keysOf {
		for _, k := range ks {
			entries = append(entries, shingleEntry{k, int32(q)})
		}
	}
	// Entries are in quote order; a stable sort by key keeps that order
	// among the quotes of one key.
	sortShingleEntries(entries)
	ix := &shingleIndex{post: make([]int32, len(entries)), of: make([][]int32, len(words)), over: make([][]int32, len(words))}
	for q, ks := range keysOf {
		ix.of[q] = make([]int32, 0, len(ks))
	}
	for i, e := range entries {
		if i == 0 || e.key != entries[i-1].key {
			ix.keys = append(ix.keys, e.key)
			ix.start = append(ix.start, int32(i))
		}
		ix.post[i] = e.q
	}
	ix.start = append(ix.start, int32(len(entries)))
	// Each quote's rows, in key order as its shingles are: walking the
	// entries by key appends them in increasing row order.
	for r := range ix.keys {
		row := int32(r)
		stock := ix.df(row) > maxPosting
		for _, q := range ix.postings(row) {
			ix.of[q] = append(ix.of[q], row)
			if stock {
				ix.over[q] = append(ix.over[q], row)
			}
		}
	}
	return ix
}

// shingleEntry is one shingle of one quote, while the index is built.
type shingleEntry struct {
	key uint64
	q   int32
}

// radixSortMin is the fewest entries sortShingleEntries radix-sorts: each
// pass clears and sums 65,536 counters, more work than comparison sorting a
// story of ordinary size (60 quotes: 291 µs against 46 µs).
const radixSortMin = 1 << 14

// sortShingleEntries sorts entries by key, stably. Many entries go through a
// least-significant-digit radix sort, 16 bits a pass, skipping the passes
// where every key has the same digit: comparison sorting was the part of
// building the index that grew fastest with the archive.
func sortShingleEntries(entries []shingleEntry) {
	if len(entries) < radixSortMin {
		slices.SortStableFunc(entries, func(x, y shingleEntry) int { return cmp.Compare(x.key, y.key) })
		return
	}
	buf := make([]shingleEntry, len(entries))
	src, dst := entries, buf
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, e := range src {
			count[uint16(e.key>>shift)]++
		}
		if count[uint16(src[0].key>>shift)] == len(src) {
			continue // one digit for all: the pass would not move anything
		}
		pos := 0
		for d, c := range count {
			count[d] = pos
			pos += c
		}
		for _, e := range src {
			d := uint16(e.key >> shift)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &entries[0] {
		copy(entries, src)
	}
}

// df is the number of quotes holding the shingle in row r.
func (ix *shingleIndex) df(r int32) int { return int(ix.start[r+1] - ix.start[r]) }

// postings are the quotes holding the shingle in row r.
func (ix *shingleIndex) postings(r int32) []int32 { return ix.post[ix.start[r]:ix.start[r+1]] }

// candMark is per-goroutine scratch for candidates, one per text: the
// text last looked up from, and how many of its shingles this text shares.
type candMark struct {
	from, hits int32
}

// newCandMarks returns scratch for n texts.
func newCandMarks(n int) []candMark {
	marks := make([]candMark, n)
	for i := range marks {
		marks[i].from = -1
	}
	return marks
}

// candidates finds the texts that may contain text q (of n words) within
// allowedEdits(n) edits, by prefix filtering: each edit breaks at most
// shingleWords of q's shingles, so a text that contains q shares all but
// 3·allowedEdits(n) of them. q looks up its shingles held by at most
// maxPosting texts, counting how many each text found shares, and keeps a
// text only if that count, plus the commoner shingles it also shares, is
// enough. keep filters the texts found; marks is per-goroutine scratch
// from newCandMarks. The candidates are appended to dst.
func (ix *shingleIndex) candidates(dst []int32, q int32, n int, keep func(int32) bool, marks []candMark) []int32 {
	need := int32(len(ix.of[q]) - shingleWords*allowedEdits(n))
	over := ix.over[q]
	start := len(dst)
	for _, r := range ix.of[q] {
		if ix.df(r) > maxPosting {
			continue
		}
		for _, j := range ix.postings(r) {
			mk := &marks[j]
			if mk.from != q {
				mk.from = q
				if j == q || !keep(j) {
					mk.hits = math.MinInt32
					continue
				}
				mk.hits = 0
				dst = append(dst, j)
			}
			mk.hits++
		}
	}
	out := dst[:start]
	for _, j := range dst[start:] {
		if h := marks[j].hits; h >= need || h+int32(len(over)) >= need && sharesAtLeast(over, ix.over[j], need-h) {
			out = append(out, j)
		}
	}
	return out
}

// sharesAtLeast reports whether two increasing slices share at least k
// values, stopping as soon as the answer is known.
func sharesAtLeast(a, b []int32, k int32) bool {
	for k > 0 && int32(len(a)) >= k && int32(len(b)) >= k {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			k--
			a, b = a[1:], b[1:]
		}
	}
	return k <= 0
}

// parallelRange runs fn over [0, n) in chunks on up to workers goroutines;
// worker is the goroutine's number, for per-worker scratch space.
func parallelRange(n, workers int, fn func(worker, lo, hi int)) {
	const chunk = 64
	if workers < 1 {
		workers = 1
	}
	if workers == 1 || n <= chunk {
		fn(0, 0, n)
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				fn(w, lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}
