// Package annotate is Factdesk's domain: articles and stories, spans and
// annotations, quote extraction and attribution, matching the same quote
// across outlets, word-level diffs, re-anchoring annotations when an article
// changes, and fact sheets.
//
// It imports no UI toolkit and no SQL driver, so it is fast to test and
// usable from the CLI, the store and the desktop UI alike.
//
// Offsets everywhere in Factdesk are Unicode code points into an article body
// as stored, with the end exclusive.
package annotate
