package annotate

import "time"

// Meta is what a source file says about itself, in header lines or markup,
// or what the importer is told on the command line.
type Meta struct {
	Story     string
	Outlet    string
	URL       string
	Title     string
	Byline    string
	Published time.Time
}

// Document is a parsed source file: its metadata and normalised body, ready to
// be stored as an article.
type Document struct {
	Meta
	Body   string
	Source string // path it came from
}
