package annotate

// ExtractQuotes finds every direct quotation in an article's title and body.
// PLACEHOLDER: replaced by the quote-engine work.
func ExtractQuotes(title, body string) []Quote { return nil }
