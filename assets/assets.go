// Package assets holds the files compiled into the Factdesk binary: the
// application icon and the sample corpus that seeds an empty store.
//
// The sample corpus is fiction written for Factdesk. Each folder under
// [SampleDir] other than [UpdatesDir] is one story and each file in it one
// outlet's article, as .txt with header lines, .md with YAML front matter, or
// a saved .html page. [UpdatesDir] holds later versions of seeded articles to
// try re-anchoring by hand; it is embedded but must not be seeded. README.md
// in this folder describes what every file demonstrates.
package assets

import "embed"

// SampleDir is the root of the sample corpus inside [Sample].
const SampleDir = "sample"

// UpdatesDir is the folder inside [Sample] that holds later versions of
// sample articles, laid out as UpdatesDir/<story-folder>/<file>. Seeding skips
// it.
const UpdatesDir = SampleDir + "/updates"

// Sample is the embedded sample corpus, rooted at [SampleDir].
//
//go:embed sample
var Sample embed.FS

// Icon is the 512×512 PNG application icon.
//
//go:embed Icon.png
var Icon []byte
