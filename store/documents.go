package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// A Document is one fetch made for a vendor: the policy, a cookie policy,
// the home page… Its body is stored once per distinct SHA-256, however many
// runs fetch it.
type Document struct {
	// Role says what the document is to the vendor: "policy",
	// "cookie_policy", "home", …
	Role        string      `json:"role"`
	URL         string      `json:"url"`
	FinalURL    string      `json:"final_url,omitempty"`
	Status      int         `json:"status"` // HTTP status; 0 when there was no response
	Header      http.Header `json:"headers,omitempty"`
	ContentType string      `json:"content_type,omitempty"`
	FetchedAt   time.Time   `json:"fetched_at"`
	// Body is the raw body as fetched; nil when there was none (a
	// connection error). It is stored compressed, deduplicated by SHA256.
	// Documents read back from the store leave it nil: see GetBody.
	Body []byte `json:"-"`
	// SHA256 is the hex SHA-256 of Body. SaveVendor computes it when empty
	// and refuses a document whose Body does not match it.
	SHA256 string `json:"sha256,omitempty"`
	// Text is the extracted text of the document, kept for diffs; "" when
	// it was not analysed. Documents read back leave it empty: see GetText.
	Text string `json:"-"`
	// Size is the raw body size; set on documents read back.
	Size int64 `json:"size,omitempty"`
}

// preparedContent is a document body ready to insert, compressed outside
// the write transaction so that workers do not hold the writer while
// compressing.
type preparedContent struct {
	sha256     string
	size       int
	body       []byte // compressed; nil when the store already has the body
	text       []byte // compressed; nil when no text or already stored
	textSHA256 string
}

// normaliseText collapses whitespace so that a re-indented page or a
// changed line ending is not a new policy version.
func normaliseText(t string) string { return strings.Join(strings.Fields(t), " ") }

// TextSHA256 returns the hex SHA-256 of the normalised text (whitespace runs
// collapsed to one space): the identity of a policy version. Two fetches of
// the same policy whose HTML differs only in a nonce or a timestamp have
// different body hashes but the same text hash.
func TextSHA256(text string) string {
	sum := sha256.Sum256([]byte(normaliseText(text)))
	return hex.EncodeToString(sum[:])
}

// prepare hashes and compresses the documents' bodies and texts that the
// store does not hold yet.
func (s *Store) prepare(ctx context.Context, docs []Document) ([]preparedContent, []string, error) {
	shas := make([]string, len(docs))
	var out []preparedContent
	seen := map[string]bool{}
	var firsts []int // the first document of each distinct body
	for i := range docs {
		d := &docs[i]
		if d.Body == nil {
			if d.SHA256 != "" {
				// A reference to a body the store must already hold.
				var ok int
				err := s.queryRow(ctx, `SELECT 1 FROM contents WHERE sha256 = ?`, d.SHA256).Scan(&ok)
				if err != nil {
					return nil, nil, fmt.Errorf("document %s: body %s not in the store and not given: %w", d.URL, d.SHA256, err)
				}
				shas[i] = d.SHA256
			}
			continue
		}
		sum := sha256.Sum256(d.Body)
		sha := hex.EncodeToString(sum[:])
		if d.SHA256 != "" && !strings.EqualFold(d.SHA256, sha) {
			return nil, nil, fmt.Errorf("document %s: body hash is %s, not %s", d.URL, sha, d.SHA256)
		}
		shas[i] = sha
		if seen[sha] {
			continue
		}
		seen[sha] = true
		firsts = append(firsts, i)
	}
	if len(firsts) == 0 {
		return nil, shas, nil
	}
	// Which bodies the store holds already, and with their text: one query
	// for all of them.
	hasText, err := s.storedContents(ctx, shas, firsts)
	if err != nil {
		return nil, nil, err
	}
	for _, i := range firsts {
		d, sha := &docs[i], shas[i]
		withText, exists := hasText[sha]
		pc := preparedContent{sha256: sha, size: len(d.Body)}
		if !exists {
			pc.body = s.compress(d.Body)
		}
		if d.Text != "" && (!exists || !withText) {
			pc.text = s.compress([]byte(d.Text))
			pc.textSHA256 = TextSHA256(d.Text)
		}
		if pc.body != nil || pc.text != nil {
			out = append(out, pc)
		}
	}
	return out, shas, nil
}

// storedContents tells, for the bodies shas[i] of the given indexes, which
// the store holds (the keys) and whether with their text (the values).
func (s *Store) storedContents(ctx context.Context, shas []string, idx []int) (map[string]bool, error) {
	args := make([]any, len(idx))
	for k, i := range idx {
		args[k] = shas[i]
	}
	q := `SELECT sha256, text IS NOT NULL FROM contents WHERE sha256 IN (?` + strings.Repeat(", ?", len(idx)-1) + `)`
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]bool, len(idx))
	for rows.Next() {
		var sha string
		var withText bool
		if err := rows.Scan(&sha, &withText); err != nil {
			return nil, err
		}
		out[sha] = withText
	}
	return out, rows.Err()
}

// insertContents stores the prepared bodies; a body already present is
// kept, and gains its text if it had none.
func (s *Store) insertContents(ctx context.Context, tx *sql.Tx, now string, pcs []preparedContent) error {
	for _, pc := range pcs {
		if pc.body != nil {
			if _, err := s.txExec(ctx, tx, `INSERT INTO contents (sha256, size, encoding, body, text, text_sha256, created_at)
				VALUES (?, ?, 'zstd', ?, ?, ?, ?)
				ON CONFLICT (sha256) DO UPDATE SET text = excluded.text, text_sha256 = excluded.text_sha256
				WHERE contents.text IS NULL AND excluded.text IS NOT NULL`,
				pc.sha256, pc.size, pc.body, nullBytes(pc.text), nullString(pc.textSHA256), now); err != nil {
				return fmt.Errorf("store body %s: %w", pc.sha256, err)
			}
			continue
		}
		if _, err := s.txExec(ctx, tx, `UPDATE contents SET text = ?, text_sha256 = ? WHERE sha256 = ? AND text IS NULL`,
			pc.text, pc.textSHA256, pc.sha256); err != nil {
			return fmt.Errorf("store text %s: %w", pc.sha256, err)
		}
	}
	return nil
}

func (s *Store) insertFetches(ctx context.Context, tx *sql.Tx, runID string, seq int, docs []Document, shas []string) error {
	for i, d := range docs {
		var headers any
		if len(d.Header) > 0 {
			b, err := json.Marshal(d.Header)
			if err != nil {
				return err
			}
			headers = string(b)
		}
		role := d.Role
		if role == "" {
			role = "document"
		}
		if _, err := s.txExec(ctx, tx, `INSERT INTO fetches
			(run_id, seq, role, url, final_url, status, headers, content_type, fetched_at, sha256)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, runID, seq, role, d.URL, d.FinalURL, d.Status, headers, d.ContentType,
			fmtTime(d.FetchedAt), nullString(shas[i])); err != nil {
			return fmt.Errorf("store fetch %s: %w", d.URL, err)
		}
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// GetBody returns the raw body stored under a SHA-256, decompressed, for
// `vigie verify` and re-analysis. The hash is checked on the way out.
func (s *Store) GetBody(ctx context.Context, sha string) ([]byte, error) {
	var enc string
	var blob []byte
	err := s.r.QueryRowContext(ctx, `SELECT encoding, body FROM contents WHERE sha256 = ?`, strings.ToLower(sha)).Scan(&enc, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("body %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if enc != "zstd" {
		return nil, fmt.Errorf("body %s: unknown encoding %q", sha, enc)
	}
	body, err := s.decompress(blob)
	if err != nil {
		return nil, fmt.Errorf("body %s: %w", sha, err)
	}
	sum := sha256.Sum256(body)
	if got := hex.EncodeToString(sum[:]); !strings.EqualFold(got, sha) {
		return nil, fmt.Errorf("body %s: stored bytes hash to %s (corrupt database?)", sha, got)
	}
	return body, nil
}

// GetText returns the extracted text stored with a body, or ErrNotFound
// when the body is unknown or was stored without text.
func (s *Store) GetText(ctx context.Context, sha string) (string, error) {
	var blob []byte
	err := s.r.QueryRowContext(ctx, `SELECT text FROM contents WHERE sha256 = ?`, strings.ToLower(sha)).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && blob == nil) {
		return "", fmt.Errorf("text of %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	b, err := s.decompress(blob)
	if err != nil {
		return "", fmt.Errorf("text of %s: %w", sha, err)
	}
	return string(b), nil
}

// Fetches returns the documents fetched for one input of a run, in the
// order they were saved, without bodies.
func (s *Store) Fetches(ctx context.Context, runID string, seq int) ([]Document, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT f.role, f.url, f.final_url, f.status, f.headers, f.content_type, f.fetched_at,
			coalesce(f.sha256, ''), coalesce(c.size, 0)
		FROM fetches f LEFT JOIN contents c ON c.sha256 = f.sha256
		WHERE f.run_id = ? AND f.seq = ? ORDER BY f.id`, runID, seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []Document
	for rows.Next() {
		var d Document
		var headers, fetched sql.NullString
		if err := rows.Scan(&d.Role, &d.URL, &d.FinalURL, &d.Status, &headers, &d.ContentType, &fetched, &d.SHA256, &d.Size); err != nil {
			return nil, err
		}
		if headers.Valid {
			if err := json.Unmarshal([]byte(headers.String), &d.Header); err != nil {
				return nil, fmt.Errorf("fetch %s headers: %w", d.URL, err)
			}
		}
		d.FetchedAt = parseTime(fetched)
		docs = append(docs, d)
	}
	return docs, rows.Err()
}
