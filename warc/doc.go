// Package warc keeps the evidence of an audit in the format web archivists
// use (WARC 1.1, ISO 28500), through github.com/nlnwa/gowarc, and checks a
// report against it.
//
// A Writer is a crawler.Recorder: plugged into crawler.Options.Recorder, it
// writes every HTTP exchange of discovery — robots.txt, redirects, retries,
// error answers — as a request record and a response record (WARC-Date,
// WARC-Target-URI, WARC-IP-Address, WARC-Concurrent-To linking the pair,
// SHA-256 block and payload digests, WARC-Truncated when the body was cut),
// and every page rendered in the headless browser as resource records (the
// rendered DOM, text/html, at the page's URL; a PNG of its footer area at
// urn:view:URL) with a metadata record of what the browser saw (final URL,
// status, duration, cookies). A warcinfo record opens the file and names
// the tool, its version, the user agent and the options of the run.
//
//	w, err := warc.Create("run.warc.gz", warc.Info{Software: "vigie/" + version, UserAgent: ua})
//	...
//	c, err := crawler.New(crawler.Options{UserAgent: ua, Recorder: w, ...})
//	...
//	err = w.Close()
//
// Response records hold the body as the server sent it: a gzip-encoded page
// stays gzip (its Content-Encoding header says so), as replay tools expect.
// vigie's reports hash the decoded body; Open computes both.
//
// Open reads a WARC file back, checks every record's digests and indexes
// the records by target URI and payload SHA-256; Check says whether a
// document of a report (its URL and hash) is in the archive. `vigie verify`
// is built on them.
package warc
