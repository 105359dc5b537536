package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Story groups the articles of several outlets that cover one event.
type Story struct {
	ID       int64
	Name     string
	Articles int // number of articles (latest versions) in the story
}

// Article is one outlet's text of a story, as imported. Each import of changed
// content for the same article (same URL, or same outlet and title) adds a new
// version; Version counts from 1.
type Article struct {
	ID         int64
	StoryID    int64
	Story      string
	Outlet     string
	URL        string
	Title      string
	Byline     string
	Published  time.Time // zero when unknown; a date, in UTC
	Body       string    // normalised text; offsets index its code points
	Hash       string    // ContentHash of the body
	ImportedAt time.Time
	Version    int
	Source     string // file the article came from, if any
	Chars      int    // body length in code points
}

// ContentHash returns the hex SHA-256 of a normalised body, the key that
// stops the same content being imported twice.
func ContentHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// DateLayout is the layout dates are written in across the CLI and exports.
const DateLayout = "2006-01-02"
