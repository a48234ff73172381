package analyzer

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "We collect data. We share it. Do we sell it? No!",
			[]string{"We collect data.", "We share it.", "Do we sell it?", "No!"}},
		{"english abbreviations", "We use processors, e.g. hosting providers, i.e. companies such as Acme Inc. and Foo Ltd. in the U.S. and the EU. They are bound by contract.",
			[]string{"We use processors, e.g. hosting providers, i.e. companies such as Acme Inc. and Foo Ltd. in the U.S. and the EU.", "They are bound by contract."}},
		{"numbers", "See section No. 4 of the terms. The fee is 3.50 EUR. It rose by 2.5 % in 2024. Next sentence.",
			[]string{"See section No. 4 of the terms.", "The fee is 3.50 EUR.", "It rose by 2.5 % in 2024.", "Next sentence."}},
		{"german legal citations", "Die Verarbeitung erfolgt nach Art. 6 Abs. 1 lit. a DSGVO. Sie können z. B. widersprechen, d. h. jederzeit. Das gilt bzw. galt ggf. auch für Nr. 3 usw. Weitere Infos folgen.",
			[]string{"Die Verarbeitung erfolgt nach Art. 6 Abs. 1 lit. a DSGVO.", "Sie können z. B. widersprechen, d. h. jederzeit.", "Das gilt bzw. galt ggf. auch für Nr. 3 usw.", "Weitere Infos folgen."}},
		{"german ordinal date", "Die Daten werden am 1. Januar gelöscht. Danach nicht mehr.",
			[]string{"Die Daten werden am 1. Januar gelöscht.", "Danach nicht mehr."}},
		{"german ordinal age", "Nutzer müssen das 16. Lebensjahr vollendet haben. Bis zum 18. Geburtstag gilt mehr.",
			[]string{"Nutzer müssen das 16. Lebensjahr vollendet haben.", "Bis zum 18. Geburtstag gilt mehr."}},
		{"german ordinal dates", "Die DSGVO gilt seit dem 25. Mai 2018. Stand: 3. Okt. 2024. Gültig ab 1. Jan. 2025 bis zum 31. Dezember.",
			[]string{"Die DSGVO gilt seit dem 25. Mai 2018.", "Stand: 3. Okt. 2024.", "Gültig ab 1. Jan. 2025 bis zum 31. Dezember."}},
		{"german ordinal after article", "Ab dem 16. Wir prüfen das. Sie haben im 2. Quartal 3. Danach endet es.",
			[]string{"Ab dem 16. Wir prüfen das.", "Sie haben im 2. Quartal 3.", "Danach endet es."}},
		{"german legal citation with letter", "Rechtsgrundlage ist Art. 6 Abs. 1 lit. f DSGVO. Gemäß § 25 Abs. 1 S. 2 Nr. 2 TTDSG. Nach dem 3. Absatz gilt Art. 6 Abs. 1 UAbs. 1 lit. b. Unser Interesse.",
			[]string{"Rechtsgrundlage ist Art. 6 Abs. 1 lit. f DSGVO.", "Gemäß § 25 Abs. 1 S. 2 Nr. 2 TTDSG.", "Nach dem 3. Absatz gilt Art. 6 Abs. 1 UAbs. 1 lit. b.", "Unser Interesse."}},
		{"number ends a sentence", "Die Zahl der Kategorien ist 3. Wir speichern 16. Kinder unter 16 Jahren. I am 16. We ask.",
			[]string{"Die Zahl der Kategorien ist 3.", "Wir speichern 16.", "Kinder unter 16 Jahren.", "I am 16.", "We ask."}},
		{"french", "Nous utilisons des cookies, p. ex. pour la mesure d'audience. Écrivez à M. Dupont ou Mme Durand (art. 15 du RGPD). Des questions ? Contactez-nous !",
			[]string{"Nous utilisons des cookies, p. ex. pour la mesure d'audience.", "Écrivez à M. Dupont ou Mme Durand (art. 15 du RGPD).", "Des questions ?", "Contactez-nous !"}},
		{"french narrow spaces", "Des questions\u202f? Écrivez-nous.", []string{"Des questions\u202f?", "Écrivez-nous."}},
		{"spanish italian dutch portuguese", "Puede escribir a la Sra. García, p. ej. por correo. I dati (es. nome) sono trattati dal Sig. Rossi. Wij verwerken gegevens, bijv. uw naam. Veja o art. 5 da lei. Fim.",
			[]string{"Puede escribir a la Sra. García, p. ej. por correo.", "I dati (es. nome) sono trattati dal Sig. Rossi.", "Wij verwerken gegevens, bijv. uw naam.", "Veja o art. 5 da lei.", "Fim."}},
		{"urls and emails", "Visit https://example.com/privacy.html or www.example.co.uk. Write to dpo@example.com. Thanks.",
			[]string{"Visit https://example.com/privacy.html or www.example.co.uk.", "Write to dpo@example.com.", "Thanks."}},
		{"quotes and brackets", "He said “we never sell data.” Then he left. (This is a note.) The end.",
			[]string{"He said “we never sell data.”", "Then he left.", "(This is a note.)", "The end."}},
		{"line breaks", "Contact us\nPrivacy Team\n12 Main Street", []string{"Contact us", "Privacy Team", "12 Main Street"}},
		{"numbered heading", "3. Your rights", []string{"3. Your rights"}},
		{"roman heading", "III. VOS DROITS", []string{"III. VOS DROITS"}},
		{"ellipsis", "We collect names, addresses… and more. Also … cookies. Next… Done.",
			[]string{"We collect names, addresses… and more.", "Also … cookies.", "Next…", "Done."}},
		{"etc ends sentence", "We collect names, addresses, etc. We also use cookies.",
			[]string{"We collect names, addresses, etc.", "We also use cookies."}},
		{"lower case continues", "This applies to all users. except those in Canada.",
			[]string{"This applies to all users. except those in Canada."}},
		{"initials", "Contact J. R. Smith at the office. Thanks.", []string{"Contact J. R. Smith at the office.", "Thanks."}},
		{"empty", "   ", nil},
		{"trailing space", "  One.  Two.  ", []string{"One.", "Two."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitSentences(tt.in)
			var texts []string
			rs := []rune(tt.in)
			for _, s := range got {
				texts = append(texts, s.Text)
				if string(rs[s.Start:s.End]) != s.Text {
					t.Errorf("offsets [%d,%d) quote %q, not %q", s.Start, s.End, string(rs[s.Start:s.End]), s.Text)
				}
			}
			if !reflect.DeepEqual(texts, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, texts, tt.want)
			}
		})
	}
}

func TestSplitSentencesOffsetsInCodePoints(t *testing.T) {
	got := SplitSentences("Données à caractère personnel. Übermittlung an Dritte.")
	want := []Sentence{
		{Text: "Données à caractère personnel.", Start: 0, End: 30},
		{Text: "Übermittlung an Dritte.", Start: 31, End: 54},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestSplitSentencesLongRunOn(t *testing.T) {
	clause := "we may collect the name, postal address, telephone number and e-mail address you give us when you register"
	in := "Information: " + clause + "; " + clause + "; " + clause + "; and " + clause + "."
	got := SplitSentences(in)
	if len(got) < 3 {
		t.Fatalf("a %d-character run-on gave %d sentences, want it cut at semicolons", len([]rune(in)), len(got))
	}
	for _, s := range got {
		if n := len([]rune(s.Text)); n > maxSentence {
			t.Errorf("sentence of %d code points: %q", n, s.Text)
		}
	}
	if got[0].Text[len(got[0].Text)-1] != ';' {
		t.Errorf("first piece %q should end at a semicolon", got[0].Text)
	}
}

func TestRuneCountAndASCII(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", "données à caractère", "\xe2\x82", "abc\x80defghijk\xffé", "ÄÖÜäöüß€…“”", strings.Repeat("x", 17) + "é" + strings.Repeat("y", 9),
		"\xc3", "é\xc3", "\xc3A", "\xc2\xc2\x80", "\xdf\xbf\xe0\x80\x80\xed\xa0\x80\xf0\x90\x80", "\xc1\xbf\xc0\x80"} {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] < utf8.RuneSelf
		}
		if isASCII(s) != ascii {
			t.Errorf("isASCII(%q) = %v", s, !ascii)
		}
	}
}

func TestCountFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a  b\tc\n", "Données à\u00a0caractère\u2003personnel", "x\u200by"} {
		if got, want := countFields(s), len(strings.Fields(s)); got != want {
			t.Errorf("countFields(%q) = %d, want %d", s, got, want)
		}
	}
}

// abbrevKinds must answer as the two word sets it is built from, for the
// words, their prefixes and longer words, and words with NUL bytes.
func TestAbbrevKindsMatchSets(t *testing.T) {
	var words []string
	for _, set := range []map[string]bool{mayEndAbbrev, abbreviations, germanMonths} {
		for w := range set {
			words = append(words, w, w+"x", w+"\x00", "\x00"+w, w[:len(w)-1], strings.ToUpper(w), w+w)
		}
	}
	words = append(words, "", "\x00", "information", "data", "us", "etc", "etc.", "e.g", "z.b")
	for _, w := range words {
		want := 0
		if mayEndAbbrev[w] {
			want |= abbrevMayEnd
		}
		if abbreviations[w] {
			want |= abbrevListed
		}
		if got := abbrevKinds.lookup([]byte(w)); int(got) != want {
			t.Errorf("abbrevKinds.lookup(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestIsBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\t\n\v\f\r ", "a", " a", "\u00a0", " \u00a0 ", "\u2003x", "\u0085", "\xff", " \xc2"} {
		if got, want := isBlank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("isBlank(%q) = %v, want %v", s, got, want)
		}
	}
}

// A label that ends its line reads with the value on the next line, as
// "Zweck: Anzeige …" on one line does; a long line ending with a colon,
// or a label followed by an empty line, does not.
func TestSplitSentencesLabelLines(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Zweck:\nAnzeige und Auswertung deiner Touren.\nKontakt:\ndatenschutz@tretwerk.example",
			[]string{"Zweck:\nAnzeige und Auswertung deiner Touren.", "Kontakt:\ndatenschutz@tretwerk.example"}},
		{"Gedeeld met:  \nNiemand. Omdat alles in je eigen huis blijft.",
			[]string{"Gedeeld met:  \nNiemand.", "Omdat alles in je eigen huis blijft."}},
		{"We collect the following data from your scale and your phone:\nweight, body fat.",
			[]string{"We collect the following data from your scale and your phone:", "weight, body fat."}},
		{"Purpose:\n\nRunning the app.", []string{"Purpose:", "Running the app."}},
		{"Purpose:", []string{"Purpose:"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range SplitSentences(tt.text) {
			got = append(got, s.Text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("SplitSentences(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
