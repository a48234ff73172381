package reports

import (
	"fmt"
	"slices"
	"strings"
)

// TopicInfo names one of the seven topics a privacy policy must disclose.
type TopicInfo struct {
	ID    string
	Title string
	// Guidance says what a policy that discloses the topic says: what a
	// vendor adds when the topic is missing or weak (GDPR Art. 13 and the
	// CNIL's recommendations for connected objects). A policy may also
	// disclose a topic negatively ("we use no cookies").
	Guidance string
}

// topics is the fixed order every writer follows. It mirrors the rule pack's
// topic ids; reports keeps its own copy so it depends on no other package.
var topics = []TopicInfo{
	{ID: "data", Title: "Personal data collected",
		Guidance: "Name the personal data collected, by the device (measurements, recordings, location, identifiers), the app (account, usage) and the site, and where they come from; or say that none are collected."},
	{ID: "purposes", Title: "Purposes of processing",
		Guidance: "Say why each kind of data is processed (running the service, support, improving the product, analytics, marketing) and on which legal basis (consent, contract, legal obligation, legitimate interests)."},
	{ID: "sharing", Title: "Sharing with third parties",
		Guidance: "Name the recipients or their categories (service providers, partners, advertisers, authorities), what they receive, why and on what conditions, and any transfer outside the EU with its safeguards; or say that the data are not shared or sold."},
	{ID: "cookies", Title: "Cookies and trackers",
		Guidance: "Say which cookies, SDKs and other trackers the site and the app use, what for and for how long, and how to accept or refuse them; or say that none are used."},
	{ID: "security", Title: "Security of the data",
		Guidance: "Describe how the data are protected: encryption in transit and at rest, access control, pseudonymisation, what happens in a breach; and any limit to that protection."},
	{ID: "rights", Title: "Rights of persons and how to exercise them",
		Guidance: "List the rights (access, rectification, erasure, restriction, objection, portability, withdrawal of consent), how to exercise them (an address, a form, the DPO), and the right to complain to the supervisory authority (the CNIL in France)."},
	{ID: "children", Title: "Information concerning children",
		Guidance: "Say whether the service is meant for children: the minimum age, how a parent consents or manages a child's account, what happens to a child's data collected by mistake; or that the service is not directed to children."},
}

// Topics returns the seven topics in their fixed order: data, purposes,
// sharing, cookies, security, rights, children.
func Topics() []TopicInfo { return slices.Clone(topics) }

// TopicIDs returns the seven topic ids in their fixed order.
func TopicIDs() []string {
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	return ids
}

// TopicGuidance returns what a policy that discloses topic id says, or ""
// for an unknown id.
func TopicGuidance(id string) string {
	if i := topicIndex(id); i >= 0 {
		return topics[i].Guidance
	}
	return ""
}

// whatToAdd returns the guidance the writers show for a vendor's topic: for
// a missing or weak topic of a policy that could be read; "" otherwise (a
// document that could not be read needs mending, not seven new sections).
func whatToAdd(v *Vendor, t *Topic) string {
	if v.Policy != nil && v.Policy.Error != "" {
		return ""
	}
	if lv := t.EffectiveLevel(); lv != LevelMissing && lv != LevelWeak {
		return ""
	}
	return TopicGuidance(t.ID)
}

// TopicTitle returns the title of a known topic id, or the id itself.
func TopicTitle(id string) string {
	if i := topicIndex(id); i >= 0 {
		return topics[i].Title
	}
	return id
}

// topicIndex returns the position of id in the fixed order, or -1.
func topicIndex(id string) int {
	for i, t := range topics {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// ParseTopics parses a comma-separated list of topic ids, as given to
// --require. "all" stands for the seven topics; an empty string for none.
// Ids are case-insensitive, duplicates are dropped, and the result follows
// the fixed topic order. An unknown id is an error naming the valid ones.
func ParseTopics(s string) ([]string, error) {
	want := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		id := strings.ToLower(strings.TrimSpace(part))
		switch {
		case id == "":
			continue
		case id == "all":
			for _, t := range topics {
				want[t.ID] = true
			}
		case topicIndex(id) >= 0:
			want[id] = true
		default:
			return nil, fmt.Errorf("unknown topic %q: want all or a comma-separated list of %s",
				strings.TrimSpace(part), strings.Join(TopicIDs(), ", "))
		}
	}
	var ids []string
	for _, t := range topics {
		if want[t.ID] {
			ids = append(ids, t.ID)
		}
	}
	return ids, nil
}

// TopicList is a list of topic ids that works as a command-line flag value
// (it has the Set, String and Type methods of pflag.Value): each Set parses
// with ParseTopics and adds to the list, so --require data --require cookies
// and --require data,cookies mean the same.
type TopicList []string

// Set parses s with ParseTopics and merges it into the list.
func (l *TopicList) Set(s string) error {
	ids, err := ParseTopics(s)
	if err != nil {
		return err
	}
	merged, _ := ParseTopics(strings.Join(append(slices.Clone(*l), ids...), ","))
	*l = merged
	return nil
}

// String returns the ids joined by commas.
func (l *TopicList) String() string { return strings.Join(*l, ",") }

// Type names the value in help text.
func (l *TopicList) Type() string { return "topics" }
