//go:build unix

package annotate_test

import (
	"errors"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"factdesk/annotate"
)

func TestReadDocumentFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := annotate.ReadDocument(fifo, annotate.Meta{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, annotate.ErrNotRegular) {
			t.Errorf("err = %v, want ErrNotRegular", err)
		}
		if want := "import " + fifo + ": not a regular file (named pipe)"; err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadDocument blocked on a FIFO")
	}

	// In a folder walk the FIFO is reported and the rest still collected.
	txt := writeImportFile(t, dir, "z.txt", "text")
	files, errs := annotate.CollectFiles([]string{dir})
	if !slices.Equal(files, []string{txt}) {
		t.Errorf("files = %q, want %q", files, []string{txt})
	}
	if len(errs) != 1 || !errors.Is(errs[0], annotate.ErrNotRegular) {
		t.Errorf("errs = %v, want one ErrNotRegular", errs)
	}
	// Given explicitly, too.
	if _, errs := annotate.CollectFiles([]string{fifo}); len(errs) != 1 || !errors.Is(errs[0], annotate.ErrNotRegular) {
		t.Errorf("explicit FIFO: errs = %v, want one ErrNotRegular", errs)
	}
}

func TestReadDocumentDevice(t *testing.T) {
	_, err := annotate.ReadDocument("/dev/zero", annotate.Meta{})
	if !errors.Is(err, annotate.ErrNotRegular) {
		t.Errorf("err = %v, want ErrNotRegular", err)
	}
}
