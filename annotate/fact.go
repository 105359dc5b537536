package annotate

import "time"

// Fact is the editor's own one-line statement about a story, with the
// annotations that support or contradict it.
type Fact struct {
	ID        int64
	StoryID   int64
	Text      string
	Status    Status
	Note      string
	Links     []FactLink
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FactLink ties an annotation to a fact.
type FactLink struct {
	AnnotationID int64
	Contradicts  bool
}
