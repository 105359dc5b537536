package annotate

// MatchQuotes groups quotes from different articles that render the same
// utterance. Each input quote must carry a distinct ID.
// PLACEHOLDER: replaced by the quote-engine work.
func MatchQuotes(qs []Quote) []Group { return nil }
