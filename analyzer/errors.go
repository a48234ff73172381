package analyzer

import "errors"

// ExtractError is the error Extract returns for an input it cannot
// analyse: the input's name (its URL, or "input") and why, which wraps
// one of the sentinels below or the reader's error.
type ExtractError struct {
	Name string
	Err  error
}

func (e *ExtractError) Error() string { return "extract " + e.Name + ": " + e.Err.Error() }

func (e *ExtractError) Unwrap() error { return e.Err }

// Sentinel errors for input that yields no analysable text. Extract wraps
// them (match with errors.Is) and still returns a Document whose Notes give
// the reason in words, so callers can record it.
var (
	// ErrEmpty: the input holds no bytes, or only whitespace and markup.
	ErrEmpty = errors.New("empty document")
	// ErrBinary: the input is not text (an image, an archive, NUL bytes).
	ErrBinary = errors.New("not a text document")
	// ErrNoText: the input is a well-formed document with no extractable
	// text, typically a PDF made of scanned images (no text layer).
	ErrNoText = errors.New("no extractable text")
	// ErrTooLarge: the input exceeds Input.MaxBytes and cannot be analysed
	// in part (a truncated PDF is unreadable). Text formats are truncated
	// instead, with a note and Document.Truncated set.
	ErrTooLarge = errors.New("document too large")
	// ErrMalformed: the input claims a format but cannot be read as such
	// (a PDF whose structure is broken).
	ErrMalformed = errors.New("malformed document")
)
