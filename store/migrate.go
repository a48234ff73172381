package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations are numbered SQL files, NNNN_name.sql, applied in order, each in
// its own transaction together with its row in schema_migrations. A migration
// is never edited once released: a change is a new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := path.Base(n)
		num, name, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", base)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: versions must run 1, 2, 3… without gaps", m.version, m.name)
		}
	}
	return ms, nil
}

// SchemaVersion returns the schema version this binary writes.
func SchemaVersion() int {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	return len(ms)
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`

// migrate brings the database to the current schema. It takes the write lock
// first, so two vigie processes opening a new database do not race, and so
// that an unwritable file fails here, before any crawl starts.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return err
	}
	return s.applyMigrations(ctx, ms)
}

func (s *Store) applyMigrations(ctx context.Context, ms []migration) error {
	for {
		done, err := s.applyNext(ctx, ms)
		if err != nil || done {
			return err
		}
	}
}

// applyNext applies the first missing migration in one transaction and
// reports whether none was missing.
func (s *Store) applyNext(ctx context.Context, ms []migration) (done bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
			return err
		}
		var cur int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
			return err
		}
		if cur > len(ms) {
			return fmt.Errorf("%w: the database has schema version %d, this vigie knows up to %d; upgrade vigie", ErrSchemaTooNew, cur, len(ms))
		}
		if cur == len(ms) {
			done = true
			return nil
		}
		m := ms[cur]
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, fmtTime(s.now())); err != nil {
			return err
		}
		// user_version mirrors the table for tools that only look there.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
			return err
		}
		s.log.Debug("store: applied migration", "version", m.version, "name", m.name)
		return nil
	})
	return done, err
}

// checkSchema verifies, without writing, that a read-only database has the
// current schema.
func (s *Store) checkSchema(ctx context.Context) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return err
	}
	cur := 0
	if n > 0 {
		if err := s.r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
			return err
		}
	}
	want := SchemaVersion()
	switch {
	case cur > want:
		return fmt.Errorf("%w: the database has schema version %d, this vigie knows up to %d; upgrade vigie", ErrSchemaTooNew, cur, want)
	case cur < want:
		return fmt.Errorf("the database has schema version %d and needs migrating to %d: open it once with write access", cur, want)
	}
	return nil
}
