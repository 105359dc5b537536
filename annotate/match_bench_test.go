package annotate

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// Matching benchmarks. Run each large one once; they report quotes/s, the
// peak live heap while matching, and the CPU time used (on a shared machine
// wall time alone misleads):
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'MatchQuotes|MatchAllPairs|MatchIndexed' -benchtime=1x ./annotate/

// BenchmarkMatchQuotes matches generated corpora of growing size; about five
// statements per article, so 100,000 quotes is about 20,000 articles.
func BenchmarkMatchQuotes(b *testing.B) {
	for _, n := range []int{25_000, 50_000, 100_000, 200_000} {
		b.Run(fmt.Sprintf("quotes=%d", n), func(b *testing.B) {
			qs, _ := GenerateQuotes(1, n)
			benchMatch(b, qs, MatchQuotes)
		})
	}
}

// BenchmarkMatchAllPairs5000 is the baseline the index is measured against:
// the same verification and clustering over every pair of 5,000 quotes.
func BenchmarkMatchAllPairs5000(b *testing.B) {
	qs, _ := GenerateQuotes(1, 5000)
	benchMatch(b, qs, func(qs []Quote) []Group {
		return newMatcher(qs, runtime.GOMAXPROCS(0)).run(true)
	})
}

// BenchmarkMatchIndexed5000 is MatchQuotes on the quotes of
// BenchmarkMatchAllPairs5000.
func BenchmarkMatchIndexed5000(b *testing.B) {
	qs, _ := GenerateQuotes(1, 5000)
	benchMatch(b, qs, MatchQuotes)
}

// benchMatch times match over qs and reports throughput, peak heap and CPU.
func benchMatch(b *testing.B, qs []Quote, match func([]Quote) []Group) {
	b.Helper()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := newHeapPeak()
	cpu0 := cpuTime()
	b.ResetTimer()
	groups := 0
	for b.Loop() {
		groups = len(match(qs))
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	maxHeap := peak.stop()
	b.ReportMetric(float64(len(qs))*float64(b.N)/b.Elapsed().Seconds(), "quotes/s")
	b.ReportMetric(float64(maxHeap)/(1<<20), "peak-heap-MB")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(float64(groups), "groups")
}

// heapPeak samples the heap until stopped and keeps the largest value. It
// reads runtime/metrics, which unlike ReadMemStats does not stop the world.
type heapPeak struct {
	done chan struct{}
	wg   sync.WaitGroup
	max  uint64
}

func newHeapPeak() *heapPeak {
	p := &heapPeak{done: make(chan struct{})}
	p.wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				p.max = max(p.max, sample[0].Value.Uint64())
			}
			select {
			case <-p.done:
				return
			case <-t.C:
			}
		}
	})
	return p
}

// stop ends sampling and returns the peak heap in bytes.
func (p *heapPeak) stop() uint64 {
	close(p.done)
	p.wg.Wait()
	return p.max
}

// BenchmarkDiffWords diffs two variants of a quote.
func BenchmarkDiffWords(b *testing.B) {
	a := "“We will not raise taxes on working families this year, and we will protect every school in Ashford,” she said."
	c := "We won't raise taxes on working families this year; we will protect every public school in Ashford!"
	for b.Loop() {
		DiffWords(a, c)
	}
}
