package annotate

// WordDiff is a word-level diff between two texts.
type WordDiff struct {
	Ops        []DiffOp
	Similarity float64
}

// DiffWords diffs a and b word by word.
// PLACEHOLDER: replaced by the quote-engine work.
func DiffWords(a, b string) WordDiff { return WordDiff{} }
