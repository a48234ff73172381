package charset

import "testing"

func TestJudgements(t *testing.T) {
	if !IsSingleByte("windows-1252") || !IsSingleByte("iso-8859-15") || IsSingleByte("utf-8") || IsSingleByte("shift_jis") {
		t.Error("IsSingleByte")
	}
	if !HasMultibyteUTF8([]byte("données")) || HasMultibyteUTF8([]byte("data")) || HasMultibyteUTF8([]byte("donn\xe9es")) {
		t.Error("HasMultibyteUTF8")
	}
	if !LooksLatin1([]byte("donn\xe9es s\xe9curit\xe9")) || LooksLatin1([]byte("données sécurité \xff")) {
		t.Error("LooksLatin1")
	}
}
