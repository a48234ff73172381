package analyzer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// The fixtures testdata/pages/policy-*.docx and *.odt were written by
// real producers (pandoc and LibreOffice, see TestExtractGolden); the
// archives below are built by hand, to hold what Word writes and those
// producers do not: tracked changes, comments, hidden text, a table of
// contents, text boxes with their fallback copies, localised style ids.

// buildZip writes the files in order; the first is stored, not
// compressed (an OpenDocument "mimetype" must be).
func buildZip(t testing.TB, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, f := range files {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docxNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"`

// testStyles are the styles of a document written by a German Word: the
// ids are localised ("berschrift1"), the names are not.
const testStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + docxNS + `>
<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Standard"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/><w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="PolicySection"><w:name w:val="Policy Section"/><w:basedOn w:val="berschrift2"/></w:style>
<w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Verzeichnis1"><w:name w:val="toc 1"/><w:basedOn w:val="Standard"/></w:style>
<w:style w:type="paragraph" w:styleId="Aufzhlungszeichen"><w:name w:val="List Bullet"/><w:basedOn w:val="Standard"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/></w:style>
</w:styles>`

func wp(style, runs string) string {
	pPr := ""
	if style != "" {
		pPr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + pPr + runs + `</w:p>`
}

func wr(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

var testDocxBody = `` +
	`<w:p><w:pPr><w:pStyle w:val="Titel"/></w:pPr><w:r><w:t>Acme Scale privacy notice</w:t></w:r></w:p>` +
	// a table of contents: field codes and entries
	`<w:p><w:pPr><w:pStyle w:val="Verzeichnis1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:hyperlink w:anchor="_Toc1"><w:r><w:t>What we collect</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r></w:hyperlink></w:p>` +
	`<w:p><w:pPr><w:pStyle w:val="Verzeichnis1"/></w:pPr><w:hyperlink w:anchor="_Toc2"><w:r><w:t>Who receives it</w:t></w:r><w:r><w:tab/><w:t>3</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
	wp("berschrift1", wr("What we collect")) +
	// tracked changes: a deletion, an insertion, a comment
	`<w:p><w:r><w:t xml:space="preserve">We collect your </w:t></w:r>` +
	`<w:del w:id="1" w:author="Legal"><w:r><w:delText xml:space="preserve">date of birth and </w:delText></w:r></w:del>` +
	`<w:ins w:id="2" w:author="Legal"><w:r><w:t>e-mail address</w:t></w:r></w:ins>` +
	`<w:commentRangeStart w:id="0"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>` +
	// bullets: by numbering, and by a list style
	`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>` + wr("the scale's serial number;") + `</w:p>` +
	wp("Aufzhlungszeichen", wr("your weight readings.")) +
	// a numbering switched off is a paragraph
	`<w:p><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>` + wr("We keep them for two years.") + `</w:p>` +
	// hidden text, a tab, a no-break hyphen
	`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Internal: check with the DPO.</w:t></w:r>` + wr("We use") + `<w:r><w:tab/><w:t>session cookies and an e</w:t><w:noBreakHyphen/><w:t>mail tool.</w:t></w:r></w:p>` +
	// a text box, with the VML fallback that repeats it
	`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><w:txbxContent>` + wp("", wr("We never sell your data.")) + `</w:txbxContent></wp:inline></w:drawing></mc:Choice>` +
	`<mc:Fallback><w:pict><v:textbox><w:txbxContent>` + wp("", wr("We never sell your data.")) + `</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
	// a custom heading style based on heading 2; a moved paragraph
	wp("PolicySection", wr("Who receives it")) +
	`<w:p><w:moveFrom w:id="5" w:author="Legal"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom></w:p>` +
	`<w:tbl><w:tblPr/><w:tr><w:tc>` + wp("", wr("Recipient")) + `</w:tc><w:tc>` + wp("", wr("Purpose")) + `</w:tc></w:tr>` +
	`<w:tr><w:tc>` + wp("", wr("Our hosting provider")) + `</w:tc><w:tc>` + wp("", wr("to store your readings")) + `</w:tc></w:tr></w:tbl>` +
	// a heading by direct outline level; a style with its own level
	`<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>` + wr("Your rights") + `</w:p>` +
	wp("Clause", wr("Access")) +
	`<w:p>` + wr("You can ask for a copy of your data.") + `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="2"/></w:r></w:p>` +
	`<w:sectPr/>`

func testDOCX(t testing.TB, body string) []byte {
	return buildZip(t,
		[2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		[2]string{"word/styles.xml", testStyles},
		[2]string{"docProps/core.xml", `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Acme Scale privacy notice (draft)</dc:title></cp:coreProperties>`},
		[2]string{"word/comments.xml", `<w:comments ` + docxNS + `><w:comment w:id="0">` + wp("", wr("Legal: we also collect the date of birth?")) + `</w:comment></w:comments>`},
		[2]string{"word/footnotes.xml", `<w:footnotes ` + docxNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Article 15 GDPR; the copy is free of charge.</w:t></w:r></w:p></w:footnote></w:footnotes>`},
		[2]string{"word/header1.xml", `<w:hdr ` + docxNS + `>` + wp("", wr("CONFIDENTIAL DRAFT")) + `</w:hdr>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + docxNS + `><w:body>` + body + `</w:body></w:document>`},
	)
}

// segmentTexts lists "heading path | kind | text" for each segment.
func segmentTexts(doc *Document) []string {
	var out []string
	for _, s := range doc.Sections {
		for _, seg := range s.Segments {
			out = append(out, s.Heading()+" | "+string(seg.Kind)+" | "+seg.Text)
		}
	}
	return out
}

func TestExtractDOCXWordFeatures(t *testing.T) {
	data := testDOCX(t, testDocxBody)
	// The format is sniffed from the bytes alone.
	doc, err := Extract(context.Background(), bytes.NewReader(data), Input{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	checkDocument(t, doc)
	if doc.Format != FormatDOCX {
		t.Errorf("format %q, want docx", doc.Format)
	}
	if doc.Title != "Acme Scale privacy notice (draft)" {
		t.Errorf("title %q", doc.Title)
	}
	if doc.DeclaredLanguage != "en" || doc.Language != "en" {
		t.Errorf("declared %q, detected %q; want en from the document's default language", doc.DeclaredLanguage, doc.Language)
	}
	want := []string{
		"Acme Scale privacy notice | heading | Acme Scale privacy notice",
		"What we collect | heading | What we collect",
		"What we collect | paragraph | We collect your e-mail address.",
		"What we collect | list_item | the scale's serial number;",
		"What we collect | list_item | your weight readings.",
		"What we collect | paragraph | We keep them for two years.",
		"What we collect | paragraph | We use session cookies and an e-mail tool.",
		"What we collect | paragraph | We never sell your data.",
		"What we collect > Who receives it | heading | Who receives it",
		"What we collect > Who receives it | table_cell | Recipient",
		"What we collect > Who receives it | table_cell | Purpose",
		"What we collect > Who receives it | table_cell | Our hosting provider",
		"What we collect > Who receives it | table_cell | to store your readings",
		"What we collect > Your rights | heading | Your rights",
		"What we collect > Your rights > Access | heading | Access",
		"What we collect > Your rights > Access | paragraph | Article 15 GDPR; the copy is free of charge.",
		"What we collect > Your rights > Access | paragraph | You can ask for a copy of your data.",
	}
	got := segmentTexts(doc)
	if !slices.Equal(got, want) {
		t.Errorf("segments:\n got %q\nwant %q", got, want)
	}
	for _, gone := range []string{"date of birth", "Internal", "Moved away", "CONFIDENTIAL", "Legal:", "TOC"} {
		if strings.Contains(doc.Text, gone) {
			t.Errorf("text holds %q, which a reader of the published policy would not see", gone)
		}
	}
	notes := strings.Join(doc.Notes, "; ")
	for _, n := range []string{"tracked changes: 2 deleted or moved passages left out", "hidden text left out (1 run)", "a table of contents left out"} {
		if !strings.Contains(notes, n) {
			t.Errorf("notes %q lack %q", notes, n)
		}
	}
}

const odtNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"`

const testOdtBody = `` +
	`<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Juridique</dc:creator></office:change-info><text:p>votre date de naissance et </text:p></text:deletion></text:changed-region></text:tracked-changes>` +
	`<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>` +
	`<text:table-of-content text:name="Sommaire"><text:index-body><text:p text:style-name="Contents_20_1">Données collectées<text:tab/>2</text:p></text:index-body></text:table-of-content>` +
	`<text:h text:style-name="Heading_20_1" text:outline-level="1">Données collectées</text:h>` +
	`<text:p>Nous collectons <text:change text:change-id="ct1"/>votre adresse<text:s text:c="3"/>électronique.<office:annotation><dc:creator>Juridique</dc:creator><text:p>Et la date de naissance ?</text:p></office:annotation></text:p>` +
	`<text:list><text:list-item><text:p>le numéro de série de la balance ;</text:p></text:list-item>` +
	`<text:list-item><text:p>vos mesures de poids<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Conservées deux ans.</text:p></text:note-body></text:note>.</text:p></text:list-item></text:list>` +
	`<text:h text:outline-level="2">Destinataires</text:h>` +
	`<table:table><table:table-row><table:table-cell><text:p>Hébergeur</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>stockage<text:tab/>des mesures</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table>` +
	`<text:p>Nous ne vendons <text:span>jamais</text:span> vos données.<text:line-break/>Jamais.</text:p>`

func testODT(t testing.TB, body string) []byte {
	return buildZip(t,
		[2]string{"mimetype", mediaODT},
		[2]string{"meta.xml", `<?xml version="1.0"?><office:document-meta ` + odtNS + `><office:meta><dc:title>Balance Acme — confidentialité</dc:title></office:meta></office:document-meta>`},
		[2]string{"styles.xml", `<?xml version="1.0"?><office:document-styles ` + odtNS + `><office:styles><style:default-style style:family="paragraph"><style:text-properties fo:language="fr" fo:country="FR"/></style:default-style></office:styles></office:document-styles>`},
		[2]string{"content.xml", `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odtNS + `><office:automatic-styles><style:style style:name="P1"><style:text-properties fo:language="de"/></style:style></office:automatic-styles><office:body><office:text>` + body + `</office:text></office:body></office:document-content>`},
	)
}

func TestExtractODTFeatures(t *testing.T) {
	data := testODT(t, testOdtBody)
	doc, err := Extract(context.Background(), bytes.NewReader(data), Input{URL: "file:///drafts/balance.odt"})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	checkDocument(t, doc)
	if doc.Format != FormatODT || doc.DeclaredLanguage != "fr" || doc.Language != "fr" {
		t.Errorf("format %q, declared %q, language %q; want odt, fr, fr", doc.Format, doc.DeclaredLanguage, doc.Language)
	}
	want := []string{
		"Données collectées | heading | Données collectées",
		"Données collectées | paragraph | Nous collectons votre adresse électronique.",
		"Données collectées | list_item | le numéro de série de la balance ;",
		"Données collectées | list_item | Conservées deux ans.",
		"Données collectées | list_item | vos mesures de poids.",
		"Données collectées > Destinataires | heading | Destinataires",
		"Données collectées > Destinataires | table_cell | Hébergeur",
		"Données collectées > Destinataires | table_cell | stockage des mesures",
		"Données collectées > Destinataires | paragraph | Nous ne vendons jamais vos données. Jamais.",
	}
	got := segmentTexts(doc)
	if !slices.Equal(got, want) {
		t.Errorf("segments:\n got %q\nwant %q", got, want)
	}
	for _, gone := range []string{"naissance", "Sommaire", "\t2"} {
		if strings.Contains(doc.Text, gone) {
			t.Errorf("text holds %q", gone)
		}
	}
	notes := strings.Join(doc.Notes, "; ")
	for _, n := range []string{"tracked changes", "1 reviewer comment left out", "a table of contents left out"} {
		if !strings.Contains(notes, n) {
			t.Errorf("notes %q lack %q", notes, n)
		}
	}
}

func TestExtractOfficeFormatDetection(t *testing.T) {
	docx, odt := testDOCX(t, testDocxBody), testODT(t, testOdtBody)
	page := []byte("<html><body><h1>Privacy</h1><p>We collect your e-mail address.</p></body></html>")
	tests := []struct {
		name string
		data []byte
		in   Input
		want Format
	}{
		{"docx by content type", docx, Input{ContentType: mediaDOCX}, FormatDOCX},
		{"odt by content type", odt, Input{ContentType: mediaODT}, FormatODT},
		{"docx by extension", docx, Input{URL: "https://acme.example/legal/privacy.docx"}, FormatDOCX},
		{"odt served as octet-stream", odt, Input{URL: "https://acme.example/privacy", ContentType: "application/octet-stream"}, FormatODT},
		{"docx sniffed", docx, Input{}, FormatDOCX},
		{"page saved as .docx", page, Input{URL: "file:///tmp/privacy.docx"}, FormatHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), bytes.NewReader(tt.data), tt.in)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if doc.Format != tt.want {
				t.Errorf("format %q, want %q", doc.Format, tt.want)
			}
		})
	}
}

// officeBadInputs are TestExtractBadInput's cases for word-processor
// archives.
func officeBadInputs(t *testing.T) []badInput {
	docx := testDOCX(t, testDocxBody)
	// 65 MiB of spaces deflate to about 65 KiB: a zip bomb for the limit.
	bomb := buildZip(t,
		[2]string{"[Content_Types].xml", `<Types/>`},
		[2]string{"word/document.xml", `<w:document ` + docxNS + `><w:body><w:p><w:r><w:t>` + strings.Repeat(" ", 65<<20) + `</w:t></w:r></w:p></w:body></w:document>`},
	)
	return []badInput{
		{"zip without a document", buildZip(t, [2]string{"readme.txt", "hello"}), Input{}, ErrBinary, "zip archive that holds no .docx or .odt document"},
		{"docx without its body", buildZip(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/styles.xml", testStyles}), Input{ContentType: mediaDOCX}, ErrMalformed, "without word/document.xml"},
		{"truncated docx", docx[:len(docx)/2], Input{URL: "draft.docx", Format: FormatDOCX}, ErrMalformed, "not a readable zip archive"},
		{"docx over the byte limit", docx, Input{MaxBytes: 1024}, ErrTooLarge, "a truncated docx cannot be read"},
		{"broken xml", testDOCX(t, `<w:p><w:r><w:t>We collect</w:r></w:p>`), Input{}, ErrMalformed, "word/document.xml"},
		{"zip bomb", bomb, Input{}, ErrTooLarge, "decompresses to more than 64 MiB"},
		{"empty body", testDOCX(t, `<w:p/><w:sectPr/>`), Input{}, ErrNoText, "no text in its body"},
		{"legacy .doc", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), Input{URL: "draft.doc"}, ErrBinary, "save it as .docx or .odt"},
		{"odt without content", buildZip(t, [2]string{"mimetype", mediaODT}, [2]string{"meta.xml", "<x/>"}), Input{}, ErrMalformed, "without content.xml"},
	}
}

func TestExtractOfficeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, bytes.NewReader(testDOCX(t, testDocxBody)), Input{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// A paragraph in LibreOffice's Title style, or in an automatic style
// based on it, heads the document as a .docx Title does; a Subtitle (a
// style LibreOffice bases on Title) or a body style does not.
func TestExtractODTTitleStyle(t *testing.T) {
	styles := `<?xml version="1.0"?><office:document-styles ` + odtNS + `><office:styles>` +
		`<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>` +
		`<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Title"/>` +
		`<style:style style:name="Text_20_body" style:family="paragraph"/>` +
		`</office:styles></office:document-styles>`
	body := `<text:p text:style-name="P1">Politique de confidentialité</text:p>` +
		`<text:p text:style-name="Subtitle">Version du 1er décembre 2026</text:p>` +
		`<text:p text:style-name="Text_20_body">Nous collectons votre adresse électronique.</text:p>` +
		`<text:h text:outline-level="2">Vos droits</text:h>` +
		`<text:p text:style-name="P2">Vous pouvez accéder à vos données.</text:p>`
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odtNS + `><office:automatic-styles>` +
		`<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"><style:text-properties fo:font-size="24pt"/></style:style>` +
		`<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Text_20_body"/>` +
		`</office:automatic-styles><office:body><office:text>` + body + `</office:text></office:body></office:document-content>`
	data := buildZip(t, [2]string{"mimetype", mediaODT}, [2]string{"styles.xml", styles}, [2]string{"content.xml", content})
	doc, err := Extract(context.Background(), bytes.NewReader(data), Input{URL: "file:///drafts/policy.odt"})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	checkDocument(t, doc)
	want := []string{
		"Politique de confidentialité | heading | Politique de confidentialité",
		"Politique de confidentialité | paragraph | Version du 1er décembre 2026",
		"Politique de confidentialité | paragraph | Nous collectons votre adresse électronique.",
		"Politique de confidentialité > Vos droits | heading | Vos droits",
		"Politique de confidentialité > Vos droits | paragraph | Vous pouvez accéder à vos données.",
	}
	if got := segmentTexts(doc); !slices.Equal(got, want) {
		t.Errorf("segments:\n got %q\nwant %q", got, want)
	}
}
