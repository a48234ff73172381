package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOpenCreatesAndMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s := openTest(t, path, Options{})

	var mode string
	if err := s.w.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, uv, n int
	if err := s.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	if err := s.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&uv); err != nil || uv != SchemaVersion() {
		t.Errorf("user_version = %d, %v; want %d", uv, err, SchemaVersion())
	}
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
		t.Errorf("schema_migrations rows = %d, %v; want %d", n, err, SchemaVersion())
	}
	if _, err := s.CreateRun(ctx, makeSpec(2)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Re-opening applies nothing and keeps the data.
	s2 := openTest(t, path, Options{MustExist: true})
	if err := s2.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
		t.Errorf("after reopen: schema_migrations rows = %d, %v", n, err)
	}
	runs, err := s2.ListRuns(ctx, 0)
	if err != nil || len(runs) != 1 {
		t.Fatalf("after reopen: %d runs, %v; want 1", len(runs), err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s := openTest(t, path, Options{})
	if _, err := s.w.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, opts := range []Options{{}, {ReadOnly: true}} {
		_, err := Open(ctx, path, opts)
		if !errors.Is(err, ErrSchemaTooNew) {
			t.Fatalf("Open(%+v) = %v; want ErrSchemaTooNew", opts, err)
		}
		if !strings.Contains(err.Error(), "upgrade vigie") {
			t.Errorf("error %q does not say what to do", err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("this is not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		opts Options
		want string
	}{
		{"missing folder", filepath.Join(dir, "nope", "v.db"), Options{}, "does not exist"},
		{"a folder", dir, Options{}, "is a folder"},
		{"not sqlite", notDB, Options{}, "not a vigie database"},
		{"must exist", filepath.Join(dir, "absent.db"), Options{MustExist: true}, "no such database"},
		{"read-only absent", filepath.Join(dir, "absent.db"), Options{ReadOnly: true}, "no such database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(ctx, tt.path, tt.opts)
			if err == nil {
				s.Close()
				t.Fatalf("Open succeeded; want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q; want it to contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error = %q does not name the file", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("MustExist created the file")
	}
}

func TestOpenUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	s := openTest(t, path, Options{})
	id, err := s.CreateRun(ctx, makeSpec(2))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if s, err := Open(ctx, path, Options{}); err == nil {
		s.Close()
		t.Fatal("Open of a read-only database for writing succeeded")
	} else if !strings.Contains(err.Error(), "cannot") {
		t.Errorf("error = %q; want a clear explanation", err)
	} else {
		t.Logf("read-only file: %v", err)
	}
	if _, err := Open(ctx, filepath.Join(dir, "new.db"), Options{}); err == nil {
		t.Fatal("Open in a read-only folder succeeded")
	} else {
		t.Logf("read-only folder: %v", err)
	}
	// Reading still works, on read-only media too.
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open(ReadOnly) of a read-only file: %v", err)
	}
	defer ro.Close()
	if r, err := ro.GetRun(ctx, id); err != nil || r.Total != 2 {
		t.Errorf("GetRun on read-only media = %v, %v", r, err)
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s := openTest(t, path, Options{})
	id, err := s.CreateRun(ctx, makeSpec(3))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	ro := openTest(t, path, Options{ReadOnly: true})
	if _, err := ro.GetRun(ctx, id); err != nil {
		t.Fatalf("GetRun on a read-only store: %v", err)
	}
	if _, err := ro.CreateRun(ctx, makeSpec(1)); err == nil {
		t.Fatal("CreateRun on a read-only store succeeded")
	}
}

func TestLoadMigrationsRejectsGaps(t *testing.T) {
	ms, err := loadMigrations(migrationFS)
	if err != nil || len(ms) == 0 {
		t.Fatalf("embedded migrations: %d, %v", len(ms), err)
	}
	bad := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x);")},
		"migrations/0003_c.sql": {Data: []byte("CREATE TABLE c (x);")},
	}
	if _, err := loadMigrations(bad); err == nil || !strings.Contains(err.Error(), "without gaps") {
		t.Errorf("gap: err = %v", err)
	}
	if _, err := loadMigrations(fstest.MapFS{"migrations/first.sql": {}}); err == nil {
		t.Errorf("bad name accepted")
	}
}

// A failing migration leaves the database at the previous version.
func TestMigrationIsAtomic(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", Options{})
	ms, _ := loadMigrations(migrationFS)
	ms = append(ms, migration{version: len(ms) + 1, name: "broken", sql: "CREATE TABLE extra (x); THIS IS NOT SQL;"})
	if err := s.applyMigrations(ctx, ms); err == nil {
		t.Fatal("broken migration applied")
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'extra'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("half-applied migration left table extra (%d, %v)", n, err)
	}
	var v sql.NullInt64
	s.r.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v)
	if int(v.Int64) != SchemaVersion() {
		t.Errorf("version = %d; want %d", v.Int64, SchemaVersion())
	}
}
