package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"factdesk/storage"
)

// A store killed in its first milliseconds, while it was being created,
// can be left with a hot rollback journal (testdata/killed-while-created,
// from a `factdesk import` killed with SIGKILL). A read-only connection
// cannot roll it back; Open lets SQLite recover and opens the store.
func TestOpenRecoversStoreKilledWhileCreated(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"factdesk.db", "factdesk.db-journal"} {
		data, err := os.ReadFile(filepath.Join("testdata", "killed-while-created", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "factdesk.db")
	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("open a store killed while created: %v", err)
	}
	defer st.Close()
	if v, err := st.SchemaVersion(ctx); err != nil || v != storage.KnownSchemaVersion() {
		t.Errorf("schema version %d, %v; want %d", v, err, storage.KnownSchemaVersion())
	}
	res := mustImport(t, st, newDoc("Pier", "Tide Post", "Pier reopens", "", "The pier reopened on Monday."))
	if res.Outcome != storage.OutcomeCreated {
		t.Errorf("import after recovery: %s", res.Outcome)
	}
	if _, err := os.Stat(path + "-journal"); err == nil {
		t.Error("the hot journal is still there")
	}
}
