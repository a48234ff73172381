package crawler

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"strings"

	"golang.org/x/net/html/charset"
)

// Sitemap limits: entries read from one sitemap, child sitemaps listed,
// sitemaps fetched per vendor.
const (
	maxSitemapURLs     = 50000
	maxSitemapChildren = 1000
	maxSitemapFetches  = 3
)

// parseSitemap reads a sitemap (urlset), a sitemap index (sitemapindex) or a
// plain-text list of URLs. A truncated or malformed file yields what was read
// before the damage.
func parseSitemap(body []byte) (pages, children []string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil
	}
	if trimmed[0] != '<' && !bytes.HasPrefix(trimmed, []byte("\xef\xbb\xbf<")) {
		sc := bufio.NewScanner(bytes.NewReader(trimmed))
		sc.Buffer(make([]byte, 0, 4096), 8192)
		for sc.Scan() && len(pages) < maxSitemapURLs {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "http://") || strings.HasPrefix(line, "https://") {
				pages = append(pages, line)
			}
		}
		return pages, nil
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var (
		inLoc   bool
		parent  string // url or sitemap
		loc     strings.Builder
		elStack []string
	)
	for len(pages) < maxSitemapURLs && len(children) < maxSitemapChildren {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if len(elStack) < 64 {
				elStack = append(elStack, name)
			}
			switch name {
			case "url", "sitemap":
				parent = name
			case "loc":
				inLoc = true
				loc.Reset()
			}
		case xml.CharData:
			if inLoc && loc.Len() < maxInputLen {
				loc.Write(t)
			}
		case xml.EndElement:
			if len(elStack) > 0 {
				elStack = elStack[:len(elStack)-1]
			}
			if strings.ToLower(t.Name.Local) != "loc" || !inLoc {
				continue
			}
			inLoc = false
			v := strings.TrimSpace(loc.String())
			if v == "" {
				continue
			}
			if parent == "sitemap" {
				children = append(children, v)
			} else {
				pages = append(pages, v)
			}
		}
	}
	return pages, children
}

// childSitemapRank orders the children of a sitemap index: pages and legal
// sitemaps first, products, posts and media last.
func childSitemapRank(u string) int {
	l := strings.ToLower(u)
	if i := strings.LastIndex(l, "/"); i >= 0 {
		l = l[i+1:]
	}
	l = strings.ReplaceAll(l, "sitemap", "")
	for _, w := range []string{"legal", "page", "static", "main", "general", "site", "misc", "other"} {
		if strings.Contains(l, w) {
			return 0
		}
	}
	for _, w := range []string{"product", "post", "blog", "news", "image", "video", "categor", "tag", "author", "store", "shop"} {
		if strings.Contains(l, w) {
			return 2
		}
	}
	return 1
}
