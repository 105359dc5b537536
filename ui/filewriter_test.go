package ui

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// With lazy file writers in place, opening a writer, as Fyne's save dialog
// does, leaves an existing file as it was until something is written.
func TestLazyFileWriters(t *testing.T) {
	test.NewTempApp(t)
	useLazyFileWriters()
	useLazyFileWriters() // twice: wrapped once
	dir := t.TempDir()
	path := filepath.Join(dir, "sheet.md")
	read := func() string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if err := os.WriteFile(path, []byte("the sheet saved yesterday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := storage.NewFileURI(path)

	w, err := storage.Writer(uri)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "the sheet saved yesterday\n" {
		t.Fatalf("opening a writer emptied the file: %q", got)
	}
	if w.URI().String() != uri.String() {
		t.Errorf("writer URI %s, want %s", w.URI(), uri)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "the sheet saved yesterday\n" {
		t.Errorf("a writer closed unused changed the file: %q", got)
	}

	// Written to, it replaces the file as Fyne's writer does.
	w, err = storage.Writer(uri)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "today's"); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, " sheet\n"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "today's sheet\n" {
		t.Errorf("file after writing %q", got)
	}

	// A new file appears only when written to.
	fresh := storage.NewFileURI(filepath.Join(dir, "new.md"))
	if w, err = storage.Writer(fresh); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(fresh.Path()); !os.IsNotExist(err) {
		t.Errorf("a writer closed unused created %s (%v)", fresh.Path(), err)
	}
	// The rest of the repository is Fyne's.
	if ok, err := storage.Exists(uri); err != nil || !ok {
		t.Errorf("Exists = %v, %v", ok, err)
	}
	if parent, err := storage.Parent(uri); err != nil || filepath.Clean(parent.Path()) != dir {
		t.Errorf("Parent = %v, %v", parent, err)
	}
}
