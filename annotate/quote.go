package annotate

// QuoteKind separates real statements from short quoted terms and titles.
type QuoteKind string

// Quote kinds.
const (
	// QuoteStatement is a quotation of someone's words: more than three words,
	// or a full sentence.
	QuoteStatement QuoteKind = "statement"
	// QuoteTerm is a short quoted term, nickname or title ("communist").
	QuoteTerm QuoteKind = "term"
)

// Quote is one direct quotation found in an article. Span covers the quoted
// words with the quotation marks excluded. A quotation interrupted by its
// attribution ("First part," she said, "second part.") gives two Quotes that
// share an Utterance number; a quotation that runs over several paragraphs is
// one Quote per paragraph, also sharing an Utterance.
type Quote struct {
	ID        int64 // assigned by the store; stable while the text is unchanged
	ArticleID int64
	Outlet    string
	Span
	Text              string
	Speaker           string  // empty when the text does not say clearly
	SpeakerConfidence float64 // 0..1
	Kind              QuoteKind
	InTitle           bool // Span indexes the article title, not the body
	Utterance         int  // parts of one utterance in an article share this number (from 1)
}

// Group is a set of quotes from different articles that render the same
// utterance, with the text chosen to stand for them all.
type Group struct {
	ID        int64
	StoryID   int64
	Speaker   string
	Canonical string
	QuoteIDs  []int64
	Conflict  bool // outlets name different speakers
	Diffs     []PairDiff
}

// PairDiff is the word diff between two members of a group: applying Ops
// turns quote A's text into quote B's.
type PairDiff struct {
	A, B       int64
	Similarity float64
	Ops        []DiffOp
}

// OpKind is the kind of a diff operation.
type OpKind string

// Diff operations.
const (
	OpEqual  OpKind = "equal"
	OpInsert OpKind = "insert"
	OpDelete OpKind = "delete"
)

// DiffOp is one run of a word diff over the original text.
type DiffOp struct {
	Op   OpKind
	Text string
}
