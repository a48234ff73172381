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
}

// topics is the fixed order every writer follows. It mirrors the rule pack's
// topic ids; reports keeps its own copy so it depends on no other package.
var topics = []TopicInfo{
	{ID: "data", Title: "Personal data collected"},
	{ID: "purposes", Title: "Purposes of processing"},
	{ID: "sharing", Title: "Sharing with third parties"},
	{ID: "cookies", Title: "Cookies and trackers"},
	{ID: "security", Title: "Security of the data"},
	{ID: "rights", Title: "Rights of persons and how to exercise them"},
	{ID: "children", Title: "Information concerning children"},
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
