package analyzer

import (
	"context"
	"strings"
	"testing"
)

// A Markdown page's front matter (Jekyll, Hugo) is metadata: its title is
// the page's, a value of prose or HTML is the page's text, and the rest
// (dates, layouts, tags) is no text at all. Before, the block rendered as
// a heading of its lines, and "16:25:13+00:00" read as an age limit
// ("13+").
func TestMarkdownFrontMatter(t *testing.T) {
	tests := []struct {
		name, src, title string
		has, hasNot      []string
		firstHeading     string
	}{
		{
			name: "yaml",
			src: "---\nauthor: Jean Dupont\ndate: \"2018-11-08T16:25:13+00:00\"\ntitle: Politique de confidentialité\n#url: /politique/\ntags:\n- privacy\n---\n" +
				"## Qui sommes-nous ?\n\nLe club collecte votre nom et votre adresse e-mail.\n",
			title:        "Politique de confidentialité",
			has:          []string{"Le club collecte votre nom"},
			hasNot:       []string{"2018", "Jean Dupont", "author", "privacy"},
			firstHeading: "Qui sommes-nous ?",
		},
		{
			name:   "content in the front matter",
			src:    "---\ntitle: Política de Privacidade\nlarge_header: false\ncontent_html: \"<p>Recolhemos o seu nome e o seu e-mail para responder aos pedidos.</p><h2>Direitos</h2><p>Pode pedir o acesso aos seus dados.</p>\"\n---\n",
			title:  "Política de Privacidade",
			has:    []string{"Recolhemos o seu nome", "Pode pedir o acesso"},
			hasNot: []string{"large_header", "false"},
		},
		{
			name:   "toml",
			src:    "+++\ntitle = \"Privacy policy\"\ndate = 2024-01-02\n+++\nWe collect your e-mail address.\n",
			title:  "Privacy policy",
			has:    []string{"We collect your e-mail address."},
			hasNot: []string{"2024"},
		},
		{
			// A thematic break opening a page is no front matter: the
			// lines after it are no keys.
			name: "thematic break",
			src:  "---\nWe collect your e-mail address: nothing else.\n\n---\n\nWe keep it for a year.\n",
			has:  []string{"We collect your e-mail address", "We keep it for a year."},
		},
		{
			// Keys, but no YAML: a thematic break, a date line and prose.
			name: "not yaml",
			src:  "---\nLast updated: May 2024\n\nWe collect your e-mail address.\n---\n\nWe keep it for a year.\n",
			has:  []string{"Last updated: May 2024", "We collect your e-mail address.", "We keep it for a year."},
		},
		{
			name: "never closed",
			src:  "---\ntitle: not closed\n\nWe collect your e-mail address.\n",
			has:  []string{"We collect your e-mail address."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), strings.NewReader(tt.src), Input{URL: "file:///policy.md", Format: FormatMarkdown})
			if err != nil {
				t.Fatal(err)
			}
			if tt.title != "" && doc.Title != tt.title {
				t.Errorf("title %q, want %q", doc.Title, tt.title)
			}
			for _, w := range tt.has {
				if !strings.Contains(doc.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, doc.Text)
				}
			}
			for _, w := range tt.hasNot {
				if strings.Contains(doc.Text, w) {
					t.Errorf("text holds %q:\n%s", w, doc.Text)
				}
			}
			if tt.firstHeading != "" {
				var got string
				for _, s := range doc.Sections {
					if len(s.Path) > 0 {
						got = s.Path[len(s.Path)-1]
						break
					}
				}
				if got != tt.firstHeading {
					t.Errorf("first heading %q, want %q", got, tt.firstHeading)
				}
			}
		})
	}
}

// An MDX page's import and export blocks are code, not text: before,
// "export default ({ children }) => …" read as a statement about children.
// Prose that opens on "Export" or "import" stays, and so does code in a
// fence.
func TestMarkdownMDXStatements(t *testing.T) {
	src := "import Layout from \"@/components/Layout\";\n\nexport const meta = {\n  title: \"Privacy Policy\",\n};\n\n" +
		"## Your data\n\nWe collect your e-mail address.\n\nExport your data from the settings page.\n\nimport your contacts only if you wish.\n\nimport data from your watch, then check it.\n\n" +
		"```js\nimport x from \"y\";\n```\n\n" +
		"export default ({ children }) => <Layout meta={meta}>{children}</Layout>;\n"
	for _, url := range []string{"file:///privacy.mdx", "file:///privacy.md"} {
		doc, err := Extract(context.Background(), strings.NewReader(src), Input{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"We collect your e-mail address.", "Export your data from the settings page.", "import your contacts only if you wish.", "import data from your watch, then check it.", `import x from "y";`} {
			if !strings.Contains(doc.Text, w) {
				t.Errorf("%s: text lacks %q:\n%s", url, w, doc.Text)
			}
		}
		for _, w := range []string{"children", "Layout", "meta", "@/components"} {
			if strings.Contains(doc.Text, w) {
				t.Errorf("%s: text holds %q:\n%s", url, w, doc.Text)
			}
		}
	}
}
