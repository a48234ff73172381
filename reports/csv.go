package reports

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// csvWriter writes one row per vendor (wide) or one row per vendor and topic
// (long), each row as its vendor arrives. Every cell goes through csvCell,
// so no vendor text becomes a spreadsheet formula.
type csvWriter struct {
	stream
	long bool
	cw   *csv.Writer
}

var _ Writer = (*csvWriter)(nil)

func newCSVWriter(w io.Writer, long bool) *csvWriter {
	return &csvWriter{stream: stream{w: w}, long: long, cw: csv.NewWriter(w)}
}

func (c *csvWriter) Begin(*Report) error {
	if err := c.begin(); err != nil {
		return err
	}
	if c.long {
		return c.row([]string{"input", "name", "status", "score", "topic", "topic_title", "level", "strength",
			"evidence_section", "evidence_quote", "evidence_count", "policy_url"})
	}
	head := []string{"input", "name", "status", "reason", "score"}
	head = append(head, TopicIDs()...)
	head = append(head, "missing", "weak", "policy_url", "language", "discovered_via", "fetched_at", "sha256")
	return c.row(head)
}

func (c *csvWriter) WriteVendor(v *Vendor) error {
	if err := c.vendor(v); err != nil {
		return err
	}
	score := strconv.Itoa(v.Score)
	if c.long {
		for _, t := range topics {
			row := []string{v.Input, v.Name, v.Status, score, t.ID, t.Title, "", "", "", "", "", policyURL(v)}
			if vt := v.Topic(t.ID); vt != nil {
				row[6] = vt.EffectiveLevel()
				row[7] = formatStrength(vt.Strength)
				row[10] = strconv.Itoa(len(vt.Evidence))
				if len(vt.Evidence) > 0 {
					row[8], row[9] = vt.Evidence[0].Section, vt.Evidence[0].Quote()
				}
			}
			if err := c.row(row); err != nil {
				return err
			}
		}
		return c.flush()
	}
	row := []string{v.Input, v.Name, v.Status, v.Reason, score}
	for _, t := range topics {
		cell := ""
		if vt := v.Topic(t.ID); vt != nil {
			cell = vt.EffectiveLevel()
		}
		row = append(row, cell)
	}
	var lang, via, fetched, sum string
	if p := v.Policy; p != nil {
		lang, sum = p.Language, p.SHA256
		via = discoveryMethods(p.DiscoveredVia)
		if !p.FetchedAt.IsZero() {
			fetched = p.FetchedAt.UTC().Format(time.RFC3339)
		}
	}
	row = append(row, strings.Join(v.MissingTopics(), " "), strings.Join(v.WeakTopics(), " "),
		policyURL(v), lang, via, fetched, sum)
	if err := c.row(row); err != nil {
		return err
	}
	return c.flush()
}

func (c *csvWriter) End(r *Report) error {
	if _, err := c.end(r); err != nil {
		return err
	}
	return c.flush()
}

func (c *csvWriter) row(cells []string) error {
	if c.err != nil {
		return c.err
	}
	for i, s := range cells {
		cells[i] = csvCell(s)
	}
	if err := c.cw.Write(cells); err != nil {
		return c.fail(err)
	}
	return nil
}

func (c *csvWriter) flush() error {
	if c.err != nil {
		return c.err
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return c.fail(err)
	}
	return nil
}

// policyURL is the URL of the vendor's analysed policy, or "".
func policyURL(v *Vendor) string {
	if v.Policy == nil {
		return ""
	}
	return v.Policy.URL
}

// discoveryMethods names the discovery chain's methods, first step first
// ("footer_link > hub_link").
func discoveryMethods(steps []Step) string {
	m := make([]string, 0, len(steps))
	for _, s := range steps {
		m = append(m, s.Method)
	}
	return strings.Join(m, " > ")
}

// formatStrength writes a strength with at most two decimals.
func formatStrength(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}
