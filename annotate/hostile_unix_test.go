//go:build unix

package annotate_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"factdesk/annotate"
)

// A FIFO with a source file's name must not block the import: nothing will
// ever write to it.
func TestHostileFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Should a read block after all, a writer unblocks it so the
		// test's goroutine ends.
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	var err error
	within(t, 10*time.Second, "ReadDocument on a FIFO", func() { _, err = annotate.ReadDocument(fifo, annotate.Meta{}) })
	checkInputError(t, err, fifo, annotate.ErrNotRegular)

	var files []string
	var errs []error
	within(t, 10*time.Second, "CollectFiles over a FIFO", func() { files, errs = annotate.CollectFiles([]string{dir}) })
	if len(files) != 0 || len(errs) != 1 || !errors.Is(errs[0], annotate.ErrNotRegular) {
		t.Errorf("CollectFiles: files %q, errors %v", files, errs)
	}
}

// Symbolic link loops of every shape end the walk with an error for the
// loop and every real file listed once.
func TestHostileSymlinkLoops(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	story := filepath.Join(root, "story")
	real := hostileFile(t, story, "wire.txt", []byte("title: Wire\n\nText."))
	links := map[string]string{
		filepath.Join(story, "back-to-root"): root,                        // a loop to an ancestor
		filepath.Join(story, "dot"):          ".",                         // a loop to itself
		filepath.Join(root, "again"):         story,                       // a second way in: skipped
		filepath.Join(root, "self.txt"):      "self.txt",                  // a file link to itself (ELOOP)
		filepath.Join(root, "ping.md"):       "pong.md",                   // two links to each other
		filepath.Join(root, "pong.md"):       "ping.md",                   //
		filepath.Join(root, "deep"):          filepath.Join(root, "deep"), // a folder link to itself
	}
	for link, target := range links {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}

	var files []string
	var errs []error
	within(t, 10*time.Second, "CollectFiles over symlink loops", func() { files, errs = annotate.CollectFiles([]string{root}) })
	// One way to the file is listed, whichever the sorted walk meets first.
	want, _ := filepath.EvalSymlinks(real)
	if len(files) != 1 {
		t.Errorf("files = %q, want one way to %q", files, real)
	} else if got, _ := filepath.EvalSymlinks(files[0]); got != want {
		t.Errorf("files = %q, want one way to %q", files, real)
	}
	loops := 0
	for _, err := range errs {
		var ie *annotate.InputError
		if !errors.As(err, &ie) {
			t.Errorf("error %v is not an *InputError", err)
		}
		if errors.Is(err, annotate.ErrSymlinkLoop) {
			loops++
		}
	}
	if loops < 2 {
		t.Errorf("%d loop errors, want one for each loop back into the walk: %v", loops, errs)
	}
	t.Logf("errors: %v", errs)

	// Reading a looping link directly fails at once.
	var err error
	within(t, 10*time.Second, "ReadDocument on a link loop", func() {
		_, err = annotate.ReadDocument(filepath.Join(root, "ping.md"), annotate.Meta{})
	})
	checkInputError(t, err, filepath.Join(root, "ping.md"), nil)
}
