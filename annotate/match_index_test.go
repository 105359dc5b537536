package annotate

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// referenceShingleIndex builds the index the plain way: a comparison sort of
// (key, quote) and a binary search of each quote's keys.
func referenceShingleIndex(words [][]uint64) *shingleIndex {
	type entry struct {
		key uint64
		q   int32
	}
	keysOf := make([][]uint64, len(words))
	var entries []entry
	for q, ws := range words {
		keysOf[q] = quoteShingles(ws)
		for _, k := range keysOf[q] {
			entries = append(entries, entry{k, int32(q)})
		}
	}
	slices.SortFunc(entries, func(x, y entry) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.q, y.q)
	})
	ix := &shingleIndex{post: make([]int32, len(entries)), of: make([][]int32, len(words)), over: make([][]int32, len(words))}
	for i, e := range entries {
		if i == 0 || e.key != entries[i-1].key {
			ix.keys = append(ix.keys, e.key)
			ix.start = append(ix.start, int32(i))
		}
		ix.post[i] = e.q
	}
	ix.start = append(ix.start, int32(len(entries)))
	for q, ks := range keysOf {
		rows := make([]int32, len(ks))
		var over []int32
		for i, k := range ks {
			r, _ := slices.BinarySearch(ix.keys, k)
			rows[i] = int32(r)
			if ix.df(int32(r)) > maxPosting {
				over = append(over, int32(r))
			}
		}
		ix.of[q], ix.over[q] = rows, over
	}
	return ix
}

// The radix-sorted index is the one the plain construction gives, also
// for texts whose words repeat so much that shingles pass maxPosting.
func TestBuildShingleIndexMatchesReference(t *testing.T) {
	for _, tc := range []struct {
		name  string
		texts int
		vocab int
		stock bool // expect shingles held by more than maxPosting texts
	}{
		{"empty", 0, 10, false},
		{"few", 3, 5, false},
		{"stock phrases", 800, 3, true},
		{"varied", 2000, 5000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tc.texts)))
			words := make([][]uint64, tc.texts)
			for q := range words {
				n := r.IntN(30)
				for range n {
					words[q] = append(words[q], uint64(r.IntN(tc.vocab)+1))
				}
			}
			got := buildShingleIndex(words, 2)
			want := referenceShingleIndex(words)
			normalize := func(ix *shingleIndex) {
				for q := range ix.of {
					if len(ix.of[q]) == 0 {
						ix.of[q] = nil
					}
					if len(ix.over[q]) == 0 {
						ix.over[q] = nil
					}
				}
			}
			normalize(got)
			normalize(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("index differs from the reference (%d keys vs %d)", len(got.keys), len(want.keys))
			}
			over := 0
			for _, o := range want.over {
				over += len(o)
			}
			if (over > 0) != tc.stock {
				t.Errorf("%d stock rows; the case does not test what it says", over)
			}
		})
	}
}

// Sorting keeps the input order among equal keys, whichever 16-bit digits
// the keys differ in (a pass whose digit is the same for all is skipped).
func TestSortShingleEntriesStable(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  func(r *rand.Rand) uint64
	}{
		{"random", func(r *rand.Rand) uint64 { return r.Uint64() % 64 * 0x9e3779b97f4a7c15 }},
		{"each digit", func(r *rand.Rand) uint64 { return uint64(r.IntN(50)) << uint(16*r.IntN(4)) }},
		{"high digit only", func(r *rand.Rand) uint64 { return uint64(r.IntN(50)) << 48 }},
		{"one key", func(*rand.Rand) uint64 { return 42 }},
	} {
		// Below radixSortMin entries are comparison sorted; above, radix sorted.
		for _, n := range []int{100, 3 * radixSortMin} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, n), func(t *testing.T) {
				r := rand.New(rand.NewPCG(2, 3))
				entries := make([]shingleEntry, n)
				for i := range entries {
					entries[i] = shingleEntry{key: tc.key(r), q: int32(i)}
				}
				want := slices.Clone(entries)
				slices.SortStableFunc(want, func(x, y shingleEntry) int { return cmp.Compare(x.key, y.key) })
				sortShingleEntries(entries)
				if !slices.Equal(entries, want) {
					t.Error("sorted entries differ from a stable comparison sort")
				}
			})
		}
	}
}

// BenchmarkShingleIndex builds the index of the distinct texts of one
// ordinary story (60 quotes, as every story's match during an import does)
// and of 100,000 generated quotes, against the plain construction it
// replaced.
func BenchmarkShingleIndex(b *testing.B) {
	for _, n := range []int{60, 100_000} {
		qs, _ := GenerateQuotes(1, n)
		m := newMatcher(qs, 1)
		for _, c := range []struct {
			name  string
			build func()
		}{
			{"index", func() { buildShingleIndex(m.words, 1) }},
			{"reference", func() { referenceShingleIndex(m.words) }},
		} {
			b.Run(fmt.Sprintf("quotes=%d/%s", n, c.name), func(b *testing.B) {
				for b.Loop() {
					c.build()
				}
			})
		}
	}
}
