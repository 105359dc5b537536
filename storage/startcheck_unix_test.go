//go:build unix

package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"factdesk/storage"
)

// A named pipe or a device given as the store is refused at once, without
// blocking and without SQLite writing to it.
func TestOpenRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "factdesk.db")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for name, path := range map[string]string{"named pipe": fifo, "device": "/dev/null"} {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				st, err := storage.Open(context.Background(), path)
				if err == nil {
					st.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, storage.ErrNotDatabase) || !strings.Contains(err.Error(), "it is a "+name+", not a file") {
					t.Errorf("Open(%s) = %v, want ErrNotDatabase naming a %s", path, err, name)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("Open(%s) blocked", path)
			}
		})
	}
}
