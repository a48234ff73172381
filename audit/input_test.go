package audit

import (
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		in, want, why string
	}{
		{in: "withings.com", want: "https://withings.com/"},
		{in: "  https://Example.COM/fr ", want: "https://example.com/fr"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/"},
		{in: "example.com:8443/x", want: "https://example.com:8443/x"},
		{in: "https://example.com/#footer", want: "https://example.com/"},
		{in: "https://Bücher.example/", want: "https://xn--bcher-kva.example/"},
		// a final dot, once the mapping drops the byte-order mark after it
		{in: "example.com.\ufeff", want: "https://example.com/"},
		{in: "", why: "empty URL"},
		{in: "ftp://example.com", why: `unsupported scheme "ftp"`},
		{in: "mailto:dpo@example.com", why: `unsupported scheme "mailto"`},
		{in: "javascript:alert(1)", why: `unsupported scheme "javascript"`},
		{in: "https://user:pw@example.com/", why: "credentials"},
		{in: "https://exa mple.com", why: "spaces"},
		{in: "https://", why: "no host"},
		{in: "https://-bad-.com/", why: "invalid host name"},
		{in: "https://example.com:99999/", why: "invalid port"},
	}
	for _, tt := range tests {
		got, why := NormalizeURL(tt.in)
		if tt.why != "" {
			if !strings.Contains(why, tt.why) {
				t.Errorf("NormalizeURL(%q) refused with %q, want it to mention %q (got URL %q)", tt.in, why, tt.why, got)
			}
			continue
		}
		if why != "" || got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, %q; want %q", tt.in, got, why, tt.want)
		}
	}
}

func TestParseListText(t *testing.T) {
	list := "\ufeff# vendors to audit\nwithings.com\n\nhttps://www.garmin.com/  # watches\nftp://files.example\nhttps://withings.com\nhttp://[::1\n"
	ins, err := ParseList(strings.NewReader(list), ListAuto)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		line    int
		url     string
		invalid string
	}
	want := []row{
		{2, "https://withings.com/", ""},
		{4, "https://www.garmin.com/", ""},
		{5, "", "unsupported scheme"},
		{6, "https://withings.com/", "duplicate of line 2"},
		{7, "", "unparsable URL"},
	}
	if len(ins) != len(want) {
		t.Fatalf("got %d inputs, want %d: %+v", len(ins), len(want), ins)
	}
	for i, w := range want {
		in := ins[i]
		if in.Seq != i || in.Line != w.line || in.URL != w.url && w.invalid == "" || !strings.Contains(in.Invalid, w.invalid) || (w.invalid == "") != (in.Invalid == "") {
			t.Errorf("input %d = %+v, want line %d url %q invalid ~%q", i, in, w.line, w.url, w.invalid)
		}
	}
}

func TestParseListCSV(t *testing.T) {
	list := "name,url,country,sector\n" +
		"Withings,withings.com,FR,health\n" +
		"\"Garmin, Ltd\",https://www.garmin.com,,watches\n" +
		"No URL,,DE,\n" +
		"Bad,gopher://x.example,,\n" +
		"Again,https://www.withings.com/,FR,health\n"
	ins, err := ParseList(strings.NewReader(list), ListAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 5 {
		t.Fatalf("got %d inputs, want 5: %+v", len(ins), ins)
	}
	if ins[0].Name != "Withings" || ins[0].URL != "https://withings.com/" || ins[0].Line != 2 ||
		ins[0].Labels["country"] != "FR" || ins[0].Labels["sector"] != "health" {
		t.Errorf("row 1 = %+v", ins[0])
	}
	if ins[1].Name != "Garmin, Ltd" || ins[1].Labels["country"] != "" || ins[1].Labels["sector"] != "watches" {
		t.Errorf("row 2 = %+v", ins[1])
	}
	if ins[2].Invalid != "no URL in the url column" || ins[2].Line != 4 {
		t.Errorf("row 3 = %+v", ins[2])
	}
	if !strings.Contains(ins[3].Invalid, "unsupported scheme") || ins[3].Line != 5 {
		t.Errorf("row 4 = %+v", ins[3])
	}
	if !strings.Contains(ins[4].Invalid, "duplicate of line 2") {
		t.Errorf("row 5 = %+v (www. and trailing slash make no new vendor)", ins[4])
	}
}

func TestParseListCSVSemicolonAndNoURLColumn(t *testing.T) {
	ins, err := ParseList(strings.NewReader("Name;Website\nAcme;acme.example\n"), ListCSV)
	if err != nil || len(ins) != 1 || ins[0].URL != "https://acme.example/" || ins[0].Name != "Acme" {
		t.Fatalf("semicolon CSV: %+v, %v", ins, err)
	}
	if _, err := ParseList(strings.NewReader("name,country\nAcme,FR\n"), ListCSV); err == nil || !strings.Contains(err.Error(), "no url column") {
		t.Fatalf("CSV without url column: err = %v", err)
	}
}

func TestFromArgs(t *testing.T) {
	ins := Dedupe(FromArgs([]string{"a.example", "https://a.example/", "b.example"}))
	if ins[0].URL != "https://a.example/" || ins[1].Invalid != "duplicate of argument 1 (https://a.example/)" || ins[2].Seq != 2 {
		t.Fatalf("%+v", ins)
	}
}

func FuzzParseList(f *testing.F) {
	for _, seed := range []string{
		"withings.com\n# c\nhttps://x.example/a\n",
		"name,url\nA,a.example\n\"B,\"\"x\",b.example\n",
		"url;name\n;\n",
		"\ufeffurl\nftp://x\n",
		"name,url\n\"unterminated,a.example\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, list string) {
		for _, format := range []ListFormat{ListAuto, ListCSV, ListText} {
			ins, err := ParseList(strings.NewReader(list), format)
			if err != nil {
				continue
			}
			for i, in := range ins {
				if in.Seq != i {
					t.Fatalf("input %d has Seq %d", i, in.Seq)
				}
				if (in.URL == "") == (in.Invalid == "") && !strings.HasPrefix(in.Invalid, "duplicate") {
					t.Fatalf("input %+v: want exactly one of URL and Invalid", in)
				}
				if in.URL != "" {
					if again, why := NormalizeURL(in.URL); why != "" || again != in.URL {
						t.Fatalf("normalised URL %q does not round-trip: %q %q", in.URL, again, why)
					}
				}
			}
		}
	})
}
