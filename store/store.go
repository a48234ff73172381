// Package store keeps vigie's runs, the documents they fetched and the
// assessments they made in an embedded SQLite database (modernc.org/sqlite,
// pure Go), so that a batch survives a crash and resumes, a report can be
// re-rendered later, and a vendor's policy can be followed from run to run.
//
// # Crash safety
//
// The database runs in WAL mode with synchronous=NORMAL. Every call that
// changes the database commits its own transaction before it returns:
// [Store.CreateRun] stores the whole input list up front, [Store.MarkStarted]
// marks one input in flight, and [Store.SaveVendor] commits one vendor's
// result, its fetched documents and its topic verdicts in a single
// transaction. A process killed at any point therefore loses at most the
// vendors in flight; they come back from [Store.PendingInputs] on resume.
// (synchronous=NORMAL keeps every committed transaction across a process
// crash; only a power loss or OS crash can roll back the last few commits,
// never corrupt the file.)
//
// # Concurrency
//
// A Store is safe for concurrent use. Writes go through a single SQLite
// connection (so concurrent pipeline workers queue instead of failing with
// SQLITE_BUSY); reads use a separate pool and never wait for writers.
//
// # Identifiers
//
// Run ids are UTC creation time to the second plus six random hex digits,
// "20261129T020112Z-3f9a1c": they sort by creation time, are unique without
// coordination, and can be abbreviated to any unique prefix (see
// [Store.ResolveRun]). Vendors are identified across runs by [VendorKey].
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// DefaultPath is the database file used when none is given.
const DefaultPath = "vigie.db"

// Errors returned by the store; test with errors.Is.
var (
	// ErrNotFound is returned when a run, vendor or document does not exist.
	ErrNotFound = errors.New("not found")
	// ErrNoDatabase is returned by Open with MustExist or ReadOnly when the
	// file does not exist.
	ErrNoDatabase = errors.New("no such database")
	// ErrSchemaTooNew is returned by Open when the database was written by a
	// newer vigie whose schema this binary does not know.
	ErrSchemaTooNew = errors.New("database schema is newer than this vigie")
	// ErrRunFinished is returned when a vendor is saved into, or a run is
	// resumed that, is already complete.
	ErrRunFinished = errors.New("run is finished")
	// ErrAmbiguous is returned when a run prefix or vendor query matches more
	// than one.
	ErrAmbiguous = errors.New("ambiguous")
)

// Options configure Open. The zero value opens or creates a database for
// reading and writing.
type Options struct {
	// Logger receives debug messages (migrations applied); nil discards.
	Logger *slog.Logger
	// MustExist makes Open fail with ErrNoDatabase instead of creating a
	// missing file: for commands that only read (runs, history, diff,
	// report --run).
	MustExist bool
	// ReadOnly opens an existing database without ever writing to it (a
	// file on read-only media, where it is read as immutable: a -wal file
	// left there by a crashed writer would be ignored). Its schema must be
	// current: a database that needs migrating has to be opened once for
	// writing.
	ReadOnly bool
	// BusyTimeout is how long a write waits for another process holding
	// the database; 0 means 10 seconds.
	BusyTimeout time.Duration
	// Now returns the current time; nil means time.Now. Tests inject a
	// clock for byte-stable output.
	Now func() time.Time
}

// A Store is an open vigie database.
type Store struct {
	path   string
	w      *sql.DB // the single writer connection; nil when read-only
	r      *sql.DB // readers
	ws, rs *stmtCache
	log    *slog.Logger
	now    func() time.Time
	enc    *zstd.Encoder
	dec    *zstd.Decoder
	group  groupCommit
	// created remembers runs' creation times (run id → created_at).
	created sync.Map
	closed  bool
}

// Open opens the database at path, creating it (and applying every schema
// migration) unless opts say otherwise. It fails, before any crawl starts,
// when the file cannot be written, is not a vigie database, or has a schema
// newer than this binary.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		path = DefaultPath
	}
	s := &Store{path: path, log: opts.Logger, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.open(ctx, opts); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if s.w != nil {
		s.ws = newStmtCache(s.w)
	}
	s.rs = newStmtCache(s.r)
	return s, nil
}

func (s *Store) open(ctx context.Context, opts Options) error {
	abs, err := filepath.Abs(s.path)
	if err != nil {
		return err
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.MustExist || opts.ReadOnly {
			return ErrNoDatabase
		}
		dir := filepath.Dir(abs)
		if d, err := os.Stat(dir); err != nil || !d.IsDir() {
			return fmt.Errorf("folder %s does not exist", dir)
		}
	case err != nil:
		return err
	case st.IsDir():
		return errors.New("is a folder, not a database file")
	}

	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = 10 * time.Second
	}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busy.Milliseconds()))
	q.Set("_foreign_keys", "1")
	if opts.ReadOnly {
		q.Set("mode", "ro")
		q.Set("_query_only", "1")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate")
	}
	dsn := (&url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()

	// One encoder: measured against one per core (BenchmarkSaveVendor), it
	// compresses as fast, warmer in the cache, with less memory.
	if s.enc, err = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithLowerEncoderMem(true)); err != nil {
		return err
	}
	if s.dec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true)); err != nil {
		return err
	}

	if !opts.ReadOnly {
		if s.w, err = sql.Open("sqlite", dsn); err != nil {
			return err
		}
		// One writer connection: SQLite allows one writer at a time, and
		// queueing in database/sql beats retrying on SQLITE_BUSY.
		s.w.SetMaxOpenConns(1)
		s.w.SetMaxIdleConns(1)
		s.w.SetConnMaxLifetime(0)
		s.w.SetConnMaxIdleTime(0)
		if err := s.migrate(ctx); err != nil {
			return explain(err)
		}
		q.Set("_query_only", "1")
		q.Del("_txlock")
		q.Del("_journal_mode") // already persistent in the file
		dsn = (&url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	}
	if s.r, err = sql.Open("sqlite", dsn); err != nil {
		return err
	}
	s.r.SetMaxOpenConns(4)
	s.r.SetMaxIdleConns(4)
	if !opts.ReadOnly {
		return nil
	}
	err = s.checkSchema(ctx)
	if err != nil && isReadOnlyErr(err) {
		// A WAL database in a folder we cannot write (read-only media):
		// SQLite cannot create its shared-memory file. Nobody can be
		// writing there, so read the file as immutable.
		s.r.Close()
		q.Set("immutable", "1")
		dsn = (&url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
		if s.r, err = sql.Open("sqlite", dsn); err != nil {
			return err
		}
		err = s.checkSchema(ctx)
	}
	return explain(err)
}

func isReadOnlyErr(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "readonly") || strings.Contains(msg, "unable to open")
}

// explain turns SQLite's terse errors about the file into sentences.
func explain(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "readonly database") || strings.Contains(msg, "SQLITE_READONLY"):
		return fmt.Errorf("cannot write the database (read-only file or folder?): %w", err)
	case strings.Contains(msg, "unable to open") || strings.Contains(msg, "SQLITE_CANTOPEN"):
		return fmt.Errorf("cannot open the database file (permissions?): %w", err)
	case strings.Contains(msg, "not a database") || strings.Contains(msg, "SQLITE_NOTADB"):
		return fmt.Errorf("not a vigie database (not an SQLite file): %w", err)
	}
	return err
}

// Path returns the database file's path as given to Open.
func (s *Store) Path() string { return s.path }

// Close closes the database. Closing the writer lets SQLite checkpoint the
// WAL into the main file.
func (s *Store) Close() error {
	if s == nil || s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	errs = append(errs, s.ws.close(), s.rs.close())
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if s.enc != nil {
		errs = append(errs, s.enc.Close())
	}
	if s.dec != nil {
		s.dec.Close()
	}
	return errors.Join(errs...)
}

// writable returns an error for a read-only store.
func (s *Store) writable() error {
	if s.w == nil {
		return errors.New("store is open read-only")
	}
	return nil
}

// timeFormat is fixed-width so that stored times sort as strings.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return fmtTime(t)
}

func parseTime(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFormat, s.String)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s.String)
	}
	return t
}

// tx runs fn in a write transaction (BEGIN IMMEDIATE) and commits it.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.writable(); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	err = tx.Commit()
	// The connection is free again: prepare the statements the
	// transaction used for the first time.
	s.ws.prepareWanted(ctx)
	return err
}

func (s *Store) compress(b []byte) []byte { return s.enc.EncodeAll(b, make([]byte, 0, len(b)/4+64)) }

func (s *Store) decompress(b []byte) ([]byte, error) { return s.dec.DecodeAll(b, nil) }
