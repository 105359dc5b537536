//go:build unix

package cli_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe is neither a store, a backup target nor a backup; refusing it
// must not block on opening it.
func TestBackupRestoreRefuseNamedPipe(t *testing.T) {
	db := storeWith(t, harbourWire)
	fifo := filepath.Join(t.TempDir(), "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--db", db, "-o", fifo}, "is not a backup"},
		{[]string{"restore", "--db", db, fifo}, "is not a Factdesk backup"},
		{[]string{"backup", "--db", fifo}, "it is a named pipe, not a file"},
	} {
		done := make(chan struct{})
		var code int
		var errs string
		go func() {
			defer close(done)
			code, _, errs = run(t, "", tc.args...)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%v blocked on a named pipe", tc.args)
		}
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", tc.args, code, errs, tc.want)
		}
	}
}
