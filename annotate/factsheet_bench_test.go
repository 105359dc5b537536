package annotate_test

import (
	"io"
	"testing"
	"time"

	"factdesk/annotate"
)

// largeAnnotations is the size of the story the export promise is about.
const largeAnnotations = 2000

// BenchmarkFactSheet builds and renders a story of 2,000 annotations over
// 12 outlets, with 100 facts and 200 quote groups, in every format.
func BenchmarkFactSheet(b *testing.B) {
	in := largeFixture(b, largeAnnotations, 12)
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			annotate.BuildFactSheet(in)
		}
	})
	fs := annotate.BuildFactSheet(in)
	for _, f := range annotate.ExportFormats {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if err := annotate.Render(io.Discard, fs, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLargeExportUnderASecond holds the promise that building and rendering
// a story of 2,000 annotations takes under a second in each text format. Each
// format gets the best of three runs, so a busy machine does not fail it.
func TestLargeExportUnderASecond(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	in := largeFixture(t, largeAnnotations, 12)
	for _, f := range []annotate.ExportFormat{annotate.ExportMarkdown, annotate.ExportHTML, annotate.ExportW3C,
		annotate.ExportCSV, annotate.ExportClaimReview} {
		best := time.Hour
		for range 3 {
			start := time.Now()
			fs := annotate.BuildFactSheet(in)
			if err := annotate.Render(io.Discard, fs, f); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		t.Logf("%s: build and render in %v", f, best)
		if best > time.Second {
			t.Errorf("%s: %v for %d annotations, want under a second", f, best, largeAnnotations)
		}
	}
}
