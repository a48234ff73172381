package analyzer

import "testing"

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
	for _, l := range lines {
		if got, want := isMetadataLine(l), metadataLine.MatchString(l); got != want {
			t.Errorf("isMetadataLine(%q) = %v, the regexp says %v", l, got, want)
		}
	}
}
