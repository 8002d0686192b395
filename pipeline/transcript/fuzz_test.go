package transcript

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// addFixtures seeds a fuzz test with the fixtures of testdata/ingest/<dir>
// whose names end in one of exts.
func addFixtures(f *testing.F, dir string, exts ...string) {
	paths, _ := filepath.Glob(filepath.Join(ingestDir, dir, "*"))
	for _, p := range paths {
		for _, e := range exts {
			if strings.HasSuffix(p, e) {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(string(b))
				}
			}
		}
	}
}

// checkTurns asserts what every parser promises about its turns.
func checkTurns(t *testing.T, turns []rawTurn, inLen int) {
	t.Helper()
	for i, rt := range turns {
		if rt.line < 1 {
			t.Fatalf("turn %d has line %d", i, rt.line)
		}
		if strings.TrimSpace(rt.text) == "" {
			t.Fatalf("turn %d is empty", i)
		}
		if rt.hasTime && (rt.end < rt.start || rt.start < 0) {
			t.Fatalf("turn %d: times %v-%v", i, rt.start, rt.end)
		}
		if len(rt.text) > 2*inLen+16 {
			t.Fatalf("turn %d text is longer than the input", i)
		}
	}
}

// fuzzText runs a text parser on s and, so that the whole read path is
// covered, Reader.parse on the same bytes.
func fuzzText(t *testing.T, ext string, s string, parse func(string, []byte) ([]rawTurn, fileMeta, error)) {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		turns, _, err := parse(s, nil)
		if err == nil {
			checkTurns(t, turns, len(s))
		} else if err.Error() == "" {
			t.Fatal("empty error")
		}
	}
	r := testReader(t, nil)
	d := readBytes(r, "c/f."+ext, []byte(s))
	if d.Status == "" || d.Status != StatusOK && d.Reason == "" {
		t.Fatalf("status %q reason %q", d.Status, d.Reason)
	}
	checkNames(t, r, "c/f."+ext, []byte(s))
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{
		"Maria: hi\nTomas: hello\n", "Q: why?\nA: because\n", "J.E: x\nM.O.: y", "intro\nMARIA LOPEZ: hi",
		"HOWARD SMITH: next. SENATOR\nJOHN KENNEDY: thanks", "Mr.\nDr. Ana: hi", "[00:01:02] Ana: (laughs) [crosstalk]",
		"---\ncycle: 2026-03\ndate: 2026-03-14\nfacilitators: [Ana]\n---\nAna: hi", "---\ndate: x\n---\n", "---\n- a\n---\n",
		"Maria Lopez  0:03\nHello", "**Ana:** hi\n> Bo: quoted\n# h\n---\n", "\xEF\xBB\xBFAna: hi\r\nBo: x\r", "Ana: caf\xe9",
		"\xFF\xFEA\x00:\x00 \x00b\x00", "A B C D E F G H: x", ": x", "SENATOR\nJOHN: x", "THE THE THE THE\nAN: x",
		"---\nsite: [oops\ndate: 2026-13-45\n---\nAna: hi\n", "---\nMaria: it's [odd\n---\n", "---\ncycle: x\n\tsite: y\n---\n", "\x00\x00\x00\x00",
		"---\ninterviewer: so what happened: tell me\nparticipant: we lost the grant\n---\nAna: ok\n",
		"---\ninterviewer: tell me\nparticipant: we lost the grant\n---\nAna: ok\n", "---\nnote: a: b\nsite: x\n---\nBo: Hi.\n",
	} {
		f.Add(s)
	}
	addFixtures(f, "text", ".txt", ".md")
	f.Fuzz(func(t *testing.T, s string) { fuzzText(t, "txt", s, parseText) })
}

func FuzzParseVTT(f *testing.F) {
	for _, s := range []string{
		"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Ana>hi</v>\n",
		"WEBVTT\n\nNOTE x\n\nSTYLE\n::cue{}\n\n00:01.000 --> 00:02.000 align:start\n<v.loud Bo>a <i>b</i> &amp; <00:00:01.500>c\n",
		"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>x</v><v Bo>y\n\n00:00:02.000 --> 00:00:03.000\n>> z\nAna: w",
		"WEBVTT\n\nbanana --> 00:00:02.000\nhi\n", "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx", "WEBVTT", "00:00:01.000 --> 00:00:02.000",
		"WEBVTT\n\n<v>\n", "WEBVTT\n\n00:00:01.000 -->\n", "WEBVTT\n\n99:59:59.999 --> 999999:00:00.000\nx",
	} {
		f.Add(s)
	}
	addFixtures(f, "vtt", ".vtt")
	f.Fuzz(func(t *testing.T, s string) { fuzzText(t, "vtt", s, parseVTT) })
}

func FuzzParseSRT(f *testing.F) {
	for _, s := range []string{
		"1\n00:00:01,000 --> 00:00:02,000\nAna: hi\n\n2\n00:00:02,000 --> 00:00:03,000\n<i>more</i>\n",
		"1\n00:00:01,000 --> 00:00:02,000\n- Ana: a\n- Bo: b\n", "00:00:01,000 --> 00:00:02,000\n{\\an8}x",
		"one\n00:00:01,000 --> 00:00:02,000\nx", "1\nhello\n", "1\n00:00:01,000 --> 00:00:0x,000\nx", "",
	} {
		f.Add(s)
	}
	addFixtures(f, "srt", ".srt")
	f.Fuzz(func(t *testing.T, s string) { fuzzText(t, "srt", s, parseSRT) })
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"segments":[{"start":0.5,"end":2,"text":"hi","speaker":"SPEAKER_00"},{"start":2,"end":3,"text":"x","speaker":"SPEAKER_00"}]}`,
		`{"segments":[{"start":0,"end":1,"text":"hi"}]}`, `[{"speaker":"Ana","text":"a"},{"speaker":1,"text":"b"}]`,
		`[{"speaker":"Ana","text":"a","start":"00:00:01.5","end":"2"}]`, `[{"speaker":"Ana","text":"a","start":"x","end":2}]`,
		`{"segments":[{"speaker":"Ana"}]}`, "[\n{\"speaker\":\"Ana\",\n\"text\":}]", `[{"text":"x"}`, `{"results":[]}`,
		`["a"]`, `42`, `{"segments":5}`, `[{"text":"a","start":5,"end":1}]`, `[{"text":{"a":1}}]`,
	} {
		f.Add(s)
	}
	addFixtures(f, "json", ".json")
	f.Fuzz(func(t *testing.T, s string) { fuzzText(t, "json", s, parseJSON) })
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"speaker,text,start,end\nAna,\"hi, all\",0.5,2\nAna,more,00:00:02.1,3\nBo,x,3,4\n", "speaker;text\nAna;hi\n",
		"speaker\ttext\nAna\thi\n", "name,words\n", "speaker,text,start,end\nAna,x,banana,2\n", "speaker,text\n\"unclosed\n",
		"speaker,text,start,end\nAna,x,5,2\n", "",
		"speaker,text\nAnn Smith,\"unterminated quote\nBob Jones,rent\n", "speaker,\"text\nAna,hi\n", "speaker,text\nAna,She is 5'10\" tall\nBo,\"a \"b\" c\"\n",
		"speaker,text\nAna,\"x\"\"\"", "speaker;text\nAna;\"x;y", "speaker,text\nAna,\"\"\"",
		"speaker,text\nAnn,\"hello\" \nBob,rent is due\nCy,we were evicted\n", "speaker,text\nAnn,\"hello\"\t\nBob,x\nCy,\"we\",x\n",
		"speaker,text\nAnn,\"a\nBob,x\nCy,\"x\"\n", "speaker,text\nJosé Ñúñez,\"a\nBob,x\n", "speaker,text\r\nAna,\"a\r\nb\"\r\nBo,\"x\"\r",
	} {
		f.Add(s)
	}
	addFixtures(f, "csv", ".csv", ".tsv")
	f.Fuzz(func(t *testing.T, s string) {
		fuzzText(t, "csv", s, func(s string, _ []byte) ([]rawTurn, fileMeta, error) { return parseCSV(s, 0) })
		fuzzText(t, "tsv", s, func(s string, _ []byte) ([]rawTurn, fileMeta, error) { return parseCSV(s, '\t') })
	})
}

func FuzzParseDocx(f *testing.F) {
	f.Add(makeZip(f, docxBody(para("*Ana:", " hi ", "(laughs)")+para("more")+
		`<w:tbl><w:tr><w:tc>`+para("Bo")+`</w:tc><w:tc>`+para("row")+`</w:tc></w:tr></w:tbl>`)...))
	f.Add(makeZip(f, docxPart{"word/document.xml", "<w:document><w:body><w:p>"}))
	f.Add(makeZip(f, docxPart{"a.txt", "x"}))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte("\xD0\xCF\x11\xE0"))
	docs, _ := filepath.Glob(filepath.Join(ingestDir, "docx", "*.docx"))
	for _, p := range docs {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		turns, _, err := parseDocx("", b)
		if err == nil {
			checkTurns(t, turns, int(MaxDocxXML))
		}
		r := testReader(t, nil)
		d := readBytes(r, "c/f.docx", b)
		if d.Status == "" || d.Status != StatusOK && d.Reason == "" {
			t.Fatalf("status %q reason %q", d.Status, d.Reason)
		}
		checkNames(t, r, "c/f.docx", b)
	})
}
