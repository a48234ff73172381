package audit

import (
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/vigie-audit/vigie/reports"
)

// NewProgressBar returns a Progress drawing a bar on a terminal: vendors
// done out of the total, rate, time left, and the failures so far.
func NewProgressBar(w io.Writer) Progress { return &barProgress{w: w} }

type barProgress struct {
	w        io.Writer
	bar      *progressbar.ProgressBar
	failures int
}

func (b *barProgress) Start(total, done int) {
	b.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription("auditing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("vendors"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionFullWidth(),
	)
	if done > 0 {
		_ = b.bar.Set(done)
	}
}

func (b *barProgress) Done(v *reports.Vendor) {
	if failed(v) {
		b.failures++
		b.bar.Describe(fmt.Sprintf("auditing (%d failed)", b.failures))
	}
	_ = b.bar.Add(1)
}

func (b *barProgress) Stop() { _ = b.bar.Finish() }

// NewProgressLog returns a Progress that logs a line every interval (and at
// the end): for stderr that is not a terminal, or a log collector.
func NewProgressLog(log *slog.Logger, every time.Duration) Progress {
	return &logProgress{log: log, every: every}
}

type logProgress struct {
	log        *slog.Logger
	every      time.Duration
	total      int
	done       int
	failures   int
	start      time.Time
	lastReport time.Time
}

func (l *logProgress) Start(total, done int) {
	l.total, l.done = total, done
	l.start = time.Now()
	l.lastReport = l.start
	l.log.Info("audit started", "vendors", total, "already_done", done)
}

func (l *logProgress) Done(v *reports.Vendor) {
	l.done++
	if failed(v) {
		l.failures++
	}
	if time.Since(l.lastReport) >= l.every {
		l.lastReport = time.Now()
		l.report("audit progress")
	}
}

func (l *logProgress) Stop() { l.report("audit finished") }

func (l *logProgress) report(msg string) {
	elapsed := time.Since(l.start)
	rate := float64(0)
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(l.done) / s
	}
	l.log.Info(msg, "done", l.done, "total", l.total, "failures", l.failures,
		"rate_per_s", fmt.Sprintf("%.2f", rate), "elapsed", elapsed.Round(time.Second).String())
}

// failed reports whether a vendor could not be audited (the site or the
// input failed, not the policy's content).
func failed(v *reports.Vendor) bool {
	switch v.Status {
	case reports.StatusFetchError, reports.StatusBrokenLink, reports.StatusInvalidInput:
		return true
	}
	return false
}
