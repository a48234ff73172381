package analyzer

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// isMetadataLine must agree with the regular expression it short-cuts.
func TestIsMetadataLineAgreesWithRegexp(t *testing.T) {
	lines := []string{
		"Effective Date: April 1, 2015", "EFFECTIVE 2019", "Last updated 12 May 2020",
		"LAST MODIFIED: 2021", "Last  updated 2020", "Updated on 3/4/2019", "Stand: 01.03.2024",
		"Standard terms 2019", "stand 2019", "Zuletzt aktualisiert 2022", "Version: 2.1 (2020)",
		"Versione du 2020", "version du 1 janvier 2020", "Mise à jour le 3 mars 2021",
		"En vigueur au 1er janvier 2020", "Gültig ab 2020", "GÜLTIG AB 2020", "Actualizado 2020",
		"Aggiornata 2021", "Bijgewerkt 2021", "Atualizada 2020", "Vigente desde 2020",
		"Copyright 2020 Example Inc", "Privacy Policy 2020", "Our 2019 revision", "ſtand 2020",
		"Last revised\t2020", "Die Nutzung 2020", "",
	}
	pieces := []string{"Effective", "effectiv", "LAST ", "last", " ", "  ", "Updated", "UPDATED ON", "Modified", "revised",
		"stand", "Stand", "STAND", "standard", "stand_", "stand2", "stand:", "en vigueur", "En Vigueur", "zuletzt", "Actualiza",
		"aggiorna", "bijgewerkt", "ATUALIZA", "vigente", "version", "Versione", " du", "du", ":", "x", "2020", "é", "ſ"}
	rng := rand.New(rand.NewPCG(17, 18))
	for n := 0; n < 20000; n++ {
		lines = append(lines, randomPieces(rng, pieces, 6))
	}
	for _, l := range lines {
		if got, want := isMetadataLine(l), metadataLine.MatchString(l); got != want {
			t.Errorf("isMetadataLine(%q) = %v, the regexp says %v", l, got, want)
		}
	}
}

// numberedHeadingStart stops after the first character of group 5; it
// must find the groups of the full expression, "(\S.*)$" included, on
// every line without '\n'.
func TestNumberedHeadingStartMatchesFull(t *testing.T) {
	full := regexp.MustCompile(numberedHeadingPrefix + `(\S.*)$`)
	pieces := []string{"1", "12", "123", ".", "2.", "3.4", "1.2.3.4.5", " ", "  ", "\t", "\u00a0", "-", "–", "—", ":",
		"IV", "XLC", "IIIIIII", "A", "b", "(", ")", "(a)", "§", "§ 4", "4a", "Art", "art.", "Article", "ARTIKEL",
		"artículo", "x", "Your", "rights", "é", "@", "\xff"}
	rng := rand.New(rand.NewPCG(9, 10))
	matched := 0
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		if n%2 == 0 { // most lines open as a numbered heading does
			b.WriteString(pieces[rng.IntN(30)])
			b.WriteString(" ")
		}
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		line := b.String()
		want := full.FindStringSubmatchIndex(line)
		got := numberedHeadingStart.FindStringSubmatchIndex(line)
		if (got == nil) != (want == nil) {
			t.Fatalf("%q: match %v, full expression %v", line, got, want)
		}
		if got == nil {
			continue
		}
		matched++
		got[1], got[11] = len(line), len(line) // ".*$" reads to the end
		if !slices.Equal(got, want) {
			t.Fatalf("%q: groups %v, full expression %v", line, got, want)
		}
	}
	if matched < 5000 {
		t.Fatalf("only %d lines matched", matched)
	}
}
