package analyzer

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// A hand-written PDF builder for tests: real, minimal PDF 1.4 files with
// standard Type 1 fonts (WinAnsiEncoding, with widths so glyph positions
// advance) and one text object per line. No binary fixtures needed.

type pdfTextLine struct {
	x, y, size float64
	bold       bool
	text       string
}

func buildPDF(title string, pages [][]pdfTextLine, imageOnly bool) []byte {
	var objs []string
	add := func(s string) int {
		objs = append(objs, s)
		return len(objs)
	}
	widths := strings.TrimSpace(strings.Repeat("556 ", 224))
	catalog := add("") // filled below
	pagesObj := add("")
	f1 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [%s] >>", widths))
	f2 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [%s] >>", widths))
	img := add("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
	var kids []string
	for _, lines := range pages {
		var content strings.Builder
		if imageOnly {
			content.WriteString("q 400 0 0 500 100 150 cm /Im1 Do Q\n")
		}
		for _, l := range lines {
			font := "F1"
			if l.bold {
				font = "F2"
			}
			fmt.Fprintf(&content, "BT /%s %.1f Tf %.1f %.1f Td (%s) Tj ET\n", font, l.size, l.x, l.y, pdfString(l.text))
		}
		stream := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>", pagesObj, stream, f1, f2, img))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	info := add(fmt.Sprintf("<< /Title (%s) /Producer (vigie tests) >>", pdfString(title)))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, info, xref)
	return b.Bytes()
}

// pdfString encodes s as WinAnsi and escapes it for a literal string.
func pdfString(s string) string {
	enc, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(enc)
}

// samplePDF is a two-page policy: a large title, bold and sized headings,
// a paragraph wrapped over lines with a word broken at the margin, a
// running footer and page numbers.
func samplePDF() []byte {
	page1 := []pdfTextLine{
		{72, 780, 20, true, "Privacy Policy"},
		{72, 740, 14, true, "1. Data we collect"},
		{72, 715, 11, false, "We collect your name, your e-mail address and the"},
		{72, 701, 11, false, "measurements of your scale. The app also records the"},
		{72, 687, 11, false, "time of each weigh-in and the firmware ver-"},
		{72, 673, 11, false, "sion of the device."},
		{72, 645, 11, false, "We never sell personal data."},
		{72, 615, 14, true, "2. Your rights"},
		{72, 590, 11, false, "You may access, correct or delete your data, e.g. from"},
		{72, 576, 11, false, "the app settings."},
		{72, 60, 9, false, "Scalewise Ltd. - Privacy Policy"},
		{290, 40, 9, false, "1"},
	}
	page2 := []pdfTextLine{
		{72, 780, 11, false, "Write to privacy@scalewise.example to exercise your rights."},
		{72, 750, 14, true, "3. Données et sécurité"},
		{72, 725, 11, false, "Les données sont chiffrées. Nous répondons sous trente jours."},
		{72, 60, 9, false, "Scalewise Ltd. - Privacy Policy"},
		{290, 40, 9, false, "2"},
	}
	page3 := []pdfTextLine{
		{72, 780, 11, false, "Children under 16 may not create an account."},
		{72, 60, 9, false, "Scalewise Ltd. - Privacy Policy"},
		{290, 40, 9, false, "3"},
	}
	return buildPDF("Scalewise Privacy Policy", [][]pdfTextLine{page1, page2, page3}, false)
}
