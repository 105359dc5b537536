package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// fileRepository is what Fyne's own repository for file: URIs does.
type fileRepository interface {
	repository.AppendableRepository
	repository.ListableRepository
	repository.HierarchicalRepository
	repository.DeleteAllRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// lazyWriteRepository is Fyne's file repository, except that a writer it
// opens creates or empties its file only when first written to.
//
// Fyne's save dialog opens the writer it hands back, which empties an
// existing file at once. Factdesk closes that writer unused and saves
// through a temporary file renamed into place (writeFileAtomic), so that a
// save that fails, or a crash, leaves the file as it was; with Fyne's own
// writer the file would already be empty by then.
type lazyWriteRepository struct {
	fileRepository
}

// Writer returns a writer that opens u, creating or emptying it, at its
// first Write.
func (r lazyWriteRepository) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &lazyWriter{uri: u, open: r.fileRepository.Writer}, nil
}

// useLazyFileWriters puts lazyWriteRepository in place of the file
// repository the app's driver registered. It does nothing when that
// repository is not what it expects, and so cannot be wrapped.
func useLazyFileWriters() {
	repo, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	switch r := repo.(type) {
	case lazyWriteRepository:
		return // already in place
	case fileRepository:
		repository.Register("file", lazyWriteRepository{r})
	}
}

// lazyWriter opens its file at the first Write.
type lazyWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

// Write opens the file if it is not open yet, then writes p.
func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.w == nil {
		w, err := l.open(l.uri)
		if err != nil {
			return 0, err
		}
		l.w = w
	}
	return l.w.Write(p)
}

// Close closes the file if it was opened; a writer never written to leaves
// the file as it was.
func (l *lazyWriter) Close() error {
	if l.w == nil {
		return nil
	}
	return l.w.Close()
}

// URI is the file's URI.
func (l *lazyWriter) URI() fyne.URI { return l.uri }
