-- 0001: runs, their inputs, vendors, fetched documents (bodies deduplicated by
-- SHA-256) and assessments.
--
-- Times are TEXT in RFC 3339 with nanoseconds, UTC ("2026-11-29T02:01:12.123456789Z"),
-- so they sort as strings and read well in the sqlite3 shell.

-- A run is one invocation of a command over a list of inputs.
CREATE TABLE runs (
    id            TEXT PRIMARY KEY,            -- 20261129T020112Z-3f9a1c
    command       TEXT NOT NULL,               -- audit, analyze, demo
    tool          TEXT NOT NULL,               -- JSON reports.Tool
    manifest      TEXT NOT NULL,               -- JSON reports.Manifest
    options       TEXT NOT NULL DEFAULT '{}',  -- JSON, the pipeline's own options (for resume)
    tool_version  TEXT NOT NULL DEFAULT '',
    rules_version TEXT NOT NULL DEFAULT '',
    rules_sha256  TEXT NOT NULL DEFAULT '',
    total         INTEGER NOT NULL,            -- number of inputs
    created_at    TEXT NOT NULL,
    resumed_at    TEXT,                        -- last resume, if any
    resumes       INTEGER NOT NULL DEFAULT 0,
    finished_at   TEXT,                        -- NULL while running (or crashed)
    partial       INTEGER NOT NULL DEFAULT 0   -- finished before every input was done
);

-- A vendor is an identity across runs: the normalised key of its input
-- (see VendorKey).
CREATE TABLE vendors (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL DEFAULT '',       -- last non-empty name seen
    first_seen TEXT NOT NULL
);

-- The inputs of a run, stored up front so that a resume knows the whole list.
-- state: pending (never started), started (in flight, or lost in a crash),
-- done (its result is committed in assessments).
CREATE TABLE run_inputs (
    run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    vendor_id   INTEGER NOT NULL REFERENCES vendors(id),
    input       TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    line        INTEGER NOT NULL DEFAULT 0,
    labels      TEXT,                          -- JSON object or NULL
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'started', 'done')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT,
    done_at     TEXT,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE INDEX run_inputs_state ON run_inputs (run_id, state, seq);
CREATE INDEX run_inputs_vendor ON run_inputs (vendor_id);

-- Content-addressed bodies: the same policy fetched in twenty runs is stored
-- once. body and text are compressed with zstd.
CREATE TABLE contents (
    sha256      TEXT PRIMARY KEY,              -- hex SHA-256 of the raw body
    size        INTEGER NOT NULL,              -- raw body size in bytes
    encoding    TEXT NOT NULL DEFAULT 'zstd',
    body        BLOB NOT NULL,
    text        BLOB,                          -- extracted text (zstd), for diffs
    text_sha256 TEXT,                          -- SHA-256 of the normalised extracted text
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The result of one input of one run: status, score, the policy it rests on
-- and the whole reports.Vendor (zstd-compressed JSON) for re-rendering.
CREATE TABLE assessments (
    run_id        TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    vendor_id     INTEGER NOT NULL REFERENCES vendors(id),
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    score         INTEGER NOT NULL DEFAULT 0,
    policy_url    TEXT,
    policy_fetched_at TEXT,
    policy_sha256 TEXT,                        -- body hash (reports.Policy.SHA256)
    policy_text_sha256 TEXT,                   -- normalised text hash, for change detection
    language      TEXT,
    started_at    TEXT,
    finished_at   TEXT,
    saved_at      TEXT NOT NULL,
    vendor        BLOB NOT NULL,               -- zstd(JSON reports.Vendor)
    PRIMARY KEY (run_id, seq),
    FOREIGN KEY (run_id, seq) REFERENCES run_inputs (run_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX assessments_vendor ON assessments (vendor_id, run_id);

-- One row per topic of an assessment, so that topics gained and lost, and
-- coverage counts, are queries.
CREATE TABLE assessment_topics (
    run_id   TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    topic    TEXT NOT NULL,
    covered  INTEGER NOT NULL,
    level    TEXT NOT NULL DEFAULT '',
    strength REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, seq, topic),
    FOREIGN KEY (run_id, seq) REFERENCES assessments (run_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;

-- Every document fetched for an input: the policy, a cookie policy, the home
-- page… The body, when there was one, is in contents.
CREATE TABLE fetches (
    id           INTEGER PRIMARY KEY,
    run_id       TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    role         TEXT NOT NULL,                -- policy, cookie_policy, home, …
    url          TEXT NOT NULL,
    final_url    TEXT NOT NULL DEFAULT '',
    status       INTEGER NOT NULL DEFAULT 0,   -- HTTP status; 0 when no response
    headers      TEXT,                         -- JSON http.Header
    content_type TEXT NOT NULL DEFAULT '',
    fetched_at   TEXT NOT NULL,
    sha256       TEXT REFERENCES contents (sha256),
    FOREIGN KEY (run_id, seq) REFERENCES assessments (run_id, seq) ON DELETE CASCADE
);
CREATE INDEX fetches_run ON fetches (run_id, seq);
CREATE INDEX fetches_sha ON fetches (sha256);
