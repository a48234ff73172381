package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the statements of the hot paths (saving a vendor,
// marking an input started, looking up a vendor's previous policy)
// prepared: SQLite's parser otherwise runs on every call, and with
// thousands of vendors it cost more than the writes themselves.
//
// The writer has a single connection, held by the transaction that uses a
// statement, so its statements cannot be prepared on first use: the first
// use runs unprepared and asks for the statement, which prepareWanted
// prepares once the transaction has released the connection.
type stmtCache struct {
	mu     sync.Mutex
	db     *sql.DB
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// lookup returns the prepared statement for query, or asks for it.
func (c *stmtCache) lookup(query string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.stmts[query]
	if !ok {
		c.wanted[query] = true
	}
	return st, ok
}

// prepareWanted prepares the statements asked for; call it when no
// transaction holds the connection.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	if c == nil {
		return
	}
	c.mu.Lock()
	var queries []string
	for q := range c.wanted {
		queries = append(queries, q)
		delete(c.wanted, q)
	}
	c.mu.Unlock()
	// Prepare without the lock: preparing waits for the connection, which
	// another transaction may hold while it looks up statements.
	for _, q := range queries {
		st, err := c.db.PrepareContext(ctx, q)
		if err != nil {
			continue // it runs unprepared and is asked for again
		}
		c.mu.Lock()
		if _, ok := c.stmts[q]; ok {
			st.Close() // another transaction prepared it first
		} else {
			c.stmts[q] = st
		}
		c.mu.Unlock()
	}
}

// get returns the prepared statement for query.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var first error
	for _, st := range c.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
	}
	c.stmts = nil
	return first
}

// txExec runs a statement of the writer inside tx, prepared once it has
// been used.
func (s *Store) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st, ok := s.ws.lookup(query); ok {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// txQueryRow runs a query of the writer inside tx, prepared once it has
// been used.
func (s *Store) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st, ok := s.ws.lookup(query); ok {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// queryRow runs a cached query on the readers.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.rs.get(ctx, query)
	if err != nil {
		return s.r.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// query runs a cached query on the readers.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.rs.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}
