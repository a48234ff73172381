package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Group commit. The pipeline's workers each mark a vendor started and save
// it, every one a transaction of its own on the single writer connection;
// with a transaction each, beginning and committing (writing the changed
// pages to the WAL) cost as much as the writes. groupTx lets the calls that
// arrive while a transaction is being written share the next one: each
// call's changes run inside a savepoint of it, a call that fails rolls back
// to its savepoint without touching the others, and every call returns only
// once the transaction holding its changes is committed. What each call
// promises is unchanged: when it returns nil, its changes are on disk (as
// far as synchronous=NORMAL goes) and survive a crash of the process.
//
// There is no goroutine of its own: the first caller to find the writer
// idle writes the batch, and hands the lead to the first caller left
// waiting.

// maxGroup bounds the calls sharing one transaction.
const maxGroup = 64

type groupJob struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan groupResult
}

type groupResult struct {
	err  error
	lead bool // the caller is to write the next batch
}

type groupCommit struct {
	mu    sync.Mutex
	busy  bool // a caller is writing a batch
	queue []*groupJob
}

// groupTx runs fn in a write transaction, possibly shared with concurrent
// calls, and returns once it is committed (or fn failed and its changes
// were rolled back). fn must not depend on the transaction being its own:
// it may see the committed-or-not changes of the calls before it in the
// batch. ctx is checked before fn runs; fn decides how its statements use
// it.
func (s *Store) groupTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.writable(); err != nil {
		return err
	}
	g := &s.group
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan groupResult, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	lead := !g.busy
	g.busy = true
	g.mu.Unlock()
	if !lead {
		r := <-j.done
		if !r.lead {
			return r.err
		}
	}
	// Leading: j is first in the queue.
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := make([]*groupJob, n)
	copy(batch, g.queue)
	g.queue = append(g.queue[:0], g.queue[n:]...)
	g.mu.Unlock()

	s.runGroup(batch)

	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].done <- groupResult{lead: true}
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return (<-j.done).err
}

// runGroup writes a batch in one transaction and gives each job its result.
func (s *Store) runGroup(batch []*groupJob) {
	errs := make([]error, len(batch))
	finish := func(all error) {
		for i, j := range batch {
			err := errs[i]
			if all != nil && err == nil {
				err = all
			}
			j.done <- groupResult{err: err}
		}
	}
	// The transaction is not bound to any caller's context: one caller
	// giving up must not roll back the others' changes.
	bg := context.Background()
	tx, err := s.w.BeginTx(bg, nil)
	if err != nil {
		finish(err)
		return
	}
	if len(batch) == 1 {
		j := batch[0]
		if errs[0] = j.ctx.Err(); errs[0] == nil {
			errs[0] = j.fn(tx)
		}
		if errs[0] != nil {
			_ = tx.Rollback()
			finish(nil)
			return
		}
	} else {
		for i, j := range batch {
			if errs[i] = j.ctx.Err(); errs[i] != nil {
				continue
			}
			if _, err := s.txExec(bg, tx, `SAVEPOINT job`); err != nil {
				_ = tx.Rollback()
				finish(fmt.Errorf("savepoint: %w", err))
				return
			}
			if errs[i] = j.fn(tx); errs[i] != nil {
				if _, err := tx.ExecContext(bg, `ROLLBACK TO job`); err != nil {
					// The transaction is in an unknown state: give it up.
					_ = tx.Rollback()
					finish(fmt.Errorf("rollback to savepoint: %w", err))
					return
				}
			}
			if _, err := s.txExec(bg, tx, `RELEASE job`); err != nil {
				_ = tx.Rollback()
				finish(fmt.Errorf("release savepoint: %w", err))
				return
			}
		}
	}
	err = tx.Commit()
	// The connection is free again: prepare the statements the
	// transaction used for the first time.
	s.ws.prepareWanted(bg)
	finish(err)
}
