//go:build !unix

package annotate

import "time"

var extractStart = time.Now()

// extractCPUTime falls back to wall-clock time where getrusage is missing.
func extractCPUTime() time.Duration { return time.Since(extractStart) }
