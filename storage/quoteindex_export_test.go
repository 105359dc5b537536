package storage

import "context"

// RefreshStats says how the refreshes run under a context from
// WithRefreshStats matched: how many matched incrementally (the others
// matched in full), the quotes matched again and stored groups rebuilt by
// those, how many of the rebuilt groups were extended in place, and how
// many were rebuilt as they were stored and so not written.
type RefreshStats struct {
	Incremental, Rematched, Replaced, Extended, Unchanged int
}

// WithRefreshStats returns a context that records how RefreshQuotes
// matched, and a function reading what it recorded so far.
func WithRefreshStats(ctx context.Context) (context.Context, func() RefreshStats) {
	tr := &refreshTrace{}
	return context.WithValue(ctx, refreshTraceKey{}, tr), func() RefreshStats {
		return RefreshStats{Incremental: tr.incremental, Rematched: tr.rematched, Replaced: tr.replaced, Extended: tr.extended,
			Unchanged: tr.unchanged}
	}
}
