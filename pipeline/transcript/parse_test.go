package transcript

import (
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// formatCase is one table test: a file name (its extension picks the
// parser), its content, and the turns or the reason expected.
type formatCase struct {
	name   string
	file   string
	in     string
	want   string // dumpTurns output; ignored when reason is set
	status Status // default ok
	reason string // substring of Reason
}

func runFormatCases(t *testing.T, tests []formatCase) {
	t.Helper()
	cfg, err := ParseConfig("drift.yaml", []byte(`
facilitators: [Marisol Oyelaran]
aliases:
  Marisol Oyelaran: [MARISOL, M.O.]
`))
	if err != nil {
		t.Fatal(err)
	}
	r := testReader(t, cfg)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if !strings.Contains(file, "/") {
				file = "2026-03/" + file
			}
			d := readBytes(r, file, []byte(tt.in))
			want := tt.status
			if want == "" {
				want = StatusOK
			}
			if d.Status != want {
				t.Fatalf("status %s (%s), want %s", d.Status, d.Reason, want)
			}
			if tt.reason != "" || want != StatusOK {
				if !strings.Contains(d.Reason, tt.reason) {
					t.Errorf("reason %q, want it to contain %q", d.Reason, tt.reason)
				}
				return
			}
			if got := dumpTurns(d.Turns); got != tt.want {
				t.Errorf("turns:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestParseText(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "speaker tags", file: "a.txt",
			in:   "Maria Lopez: We lost the lease.\nTomas: Me too.\n",
			want: "L1 participant \"Maria Lopez\": We lost the lease.\nL2 participant \"Tomas\": Me too.\n"},
		{name: "untagged lines continue the turn", file: "a.txt",
			in:   "Maria: First line\nsecond line\n\nthird after a blank\nTomas: Hi\n",
			want: "L1 participant \"Maria\": First line second line third after a blank\nL5 participant \"Tomas\": Hi\n"},
		{name: "text before the first tag is an unknown speaker", file: "a.txt",
			in:   "Recording starts.\nSome preamble.\nMaria: Hello.\n",
			want: "L1 unknown \"\": Recording starts. Some preamble.\nL3 participant \"Maria\": Hello.\n"},
		{name: "Q and A tags", file: "a.txt",
			in:   "Q: When did you start?\nA: In 2019, on nights.\nQ: And now?\n",
			want: "L1 facilitator \"Q\": When did you start?\nL2 participant \"A\": In 2019, on nights.\nL3 facilitator \"Q\": And now?\n"},
		{name: "initials", file: "a.txt",
			in:   "J.E: We were told to wait.\nM.O.: Thank you.\nK. T.: Same here.\n",
			want: "L1 participant \"J.E\": We were told to wait.\nL2 facilitator \"Marisol Oyelaran\": Thank you.\nL3 participant \"K. T.\": Same here.\n"},
		{name: "ALL-CAPS names and aliases", file: "a.txt",
			in:   "MARISOL: Welcome.\nGARY PENNOCK: Thanks.\n",
			want: "L1 facilitator \"Marisol Oyelaran\": Welcome.\nL2 participant \"GARY PENNOCK\": Thanks.\n"},
		{name: "title wrapped onto the previous line is dropped", file: "a.txt",
			in:   "HOWARD SMITH: And now the first statement, by Senator Kennedy. SENATOR\nJOHN KENNEDY: Thank you.\n",
			want: "L1 participant \"HOWARD SMITH\": And now the first statement, by Senator Kennedy.\nL2 participant \"JOHN KENNEDY\": Thank you.\n"},
		{name: "two wrapped titles", file: "a.txt",
			in:   "BARBARA WALTERS: Your rebuttal? THE VICE\nPRESIDENT BUSH: Yes.\n",
			want: "L1 participant \"BARBARA WALTERS\": Your rebuttal?\nL2 participant \"PRESIDENT BUSH\": Yes.\n"},
		{name: "a word before a one-word tag stays", file: "a.txt",
			in:   "MODERATOR: A question from the AUDIENCE\nQUESTION: Why?\n",
			want: "L1 facilitator \"MODERATOR\": A question from the AUDIENCE\nL2 facilitator \"QUESTION\": Why?\n"},
		{name: "wrapped repeat of the first name", file: "a.txt",
			in:   "ANA RUIZ: Next. BARBARA\nBARBARA WALTERS: Thanks.\n",
			want: "L1 participant \"ANA RUIZ\": Next.\nL2 participant \"BARBARA WALTERS\": Thanks.\n"},
		{name: "acronym ending a sentence stays", file: "a.txt",
			in:   "ANA RUIZ: Ask the NSA\nANDERSON COOPER: I will.\nBO: Or the FBI\nUNKNOWN: Hm.\n",
			want: "L1 participant \"ANA RUIZ\": Ask the NSA\nL2 participant \"ANDERSON COOPER\": I will.\nL3 participant \"BO\": Or the FBI\nL4 unknown \"\": Hm.\n"},
		{name: "mixed-case title before a mixed-case tag", file: "a.txt",
			in:   "Host Ana: Your turn, Mr.\nDr. Okafor: Thanks. I was late.\n",
			want: "L1 participant \"Host Ana\": Your turn,\nL2 participant \"Dr. Okafor\": Thanks. I was late.\n"},
		{name: "mixed-case title before a caps tag stays", file: "a.txt",
			in:   "HOWARD SMITH: Your comment, Mr.\nRICHARD NIXON: None.\n",
			want: "L1 participant \"HOWARD SMITH\": Your comment, Mr.\nL2 participant \"RICHARD NIXON\": None.\n"},
		{name: "capitals at the end of a line are kept before a mixed-case tag", file: "a.txt",
			in:   "Maria: They joined the NRA\nTomas: Really?\n",
			want: "L1 participant \"Maria\": They joined the NRA\nL2 participant \"Tomas\": Really?\n"},
		{name: "not wrapped across a blank line", file: "a.txt",
			in:   "HOWARD SMITH: Next. SENATOR\n\nJOHN KENNEDY: Thanks.\n",
			want: "L1 participant \"HOWARD SMITH\": Next. SENATOR\nL3 participant \"JOHN KENNEDY\": Thanks.\n"},
		{name: "stage notes and timestamps counted", file: "a.txt",
			in:   "[00:01:02] Maria: We laughed. (laughs) [crosstalk] It was 10:30.\nTomas [00:02:00]: [applause]\n",
			want: "L1 participant \"Maria\" ~4: We laughed. It was .\nL2 participant \"Tomas\" ~2: \n"},
		{name: "sentence with a colon is not a tag", file: "a.txt",
			in:   "Maria: Listen.\nThe rule was simple: no phones.\nNote: doors close at nine.\n",
			want: "L1 participant \"Maria\": Listen. The rule was simple: no phones. Note: doors close at nine.\n"},
		{name: "markdown bold tags, headings and rules", file: "a.md",
			in:   "# Circle\n\n**Maria:** Hello.\n\n---\n\n**Tomas**: Hi.\n> Ana: quoted line\n",
			want: "L3 participant \"Maria\": Hello.\nL7 participant \"Tomas\": Hi.\nL8 participant \"Ana\": quoted line\n"},
		{name: "markdown list of turns", file: "a.md",
			in:   "- Maria: One.\n* Tomas: Two.\n- a list item\n",
			want: "L1 participant \"Maria\": One.\nL2 participant \"Tomas\": Two. - a list item\n"},
		{name: "speaker heading with a time", file: "a.txt",
			in:   "Maria Lopez  0:03\nHello everyone.\n\nSpeaker 2  1:10\nHi.\n",
			want: "L1 participant \"Maria Lopez\" ~1: Hello everyone.\nL4 participant \"Speaker 2\" ~1: Hi.\n"},
		{name: "numbered speakers and particles", file: "a.txt",
			in:   "Speaker 1: One.\nSPEAKER_00: Two.\nAna de la Cruz: Three.\n",
			want: "L1 participant \"Speaker 1\": One.\nL2 participant \"SPEAKER_00\": Two.\nL3 participant \"Ana de la Cruz\": Three.\n"},
		{name: "unknown speaker tags", file: "a.txt",
			in:   "Unknown Speaker: Who said that?\nMaria: Me.\n",
			want: "L1 unknown \"\": Who said that?\nL2 participant \"Maria\": Me.\n"},
		{name: "CRLF and CR line ends", file: "a.txt",
			in:   "Maria: One\r\nTomas: Two\rAna: Three",
			want: "L1 participant \"Maria\": One\nL2 participant \"Tomas\": Two\nL3 participant \"Ana\": Three\n"},
		{name: "UTF-8 BOM", file: "a.txt",
			in:   "\xEF\xBB\xBFMaria: Olá",
			want: "L1 participant \"Maria\": Olá\n"},
		{name: "Windows-1252", file: "a.txt",
			in:   "Maria: It\x92s our caf\xe9.",
			want: "L1 participant \"Maria\": It’s our café.\n"},
		{name: "UTF-8 with stray Windows-1252 bytes", file: "a.txt",
			in:   "Maria: Olá, it\x92s mine",
			want: "L1 participant \"Maria\": Olá, it’s mine\n"},
		{name: "UTF-16LE with BOM", file: "a.txt",
			in:   "\xFF\xFEM\x00:\x00 \x00h\x00i\x00",
			want: "L1 participant \"M\": hi\n"},
		{name: "NUL bytes are binary", file: "a.txt", in: "Maria: hi\x00\x01\x02", status: StatusFailed, reason: "NUL bytes"},
		{name: "UTF-16 without BOM", file: "a.txt", in: "M\x00a\x00r\x00i\x00a\x00:\x00 \x00h\x00i\x00", status: StatusFailed, reason: "UTF-16 text without a byte-order mark"},
		{name: "empty file", file: "a.txt", in: " \n\n", status: StatusSkipped, reason: "empty file"},
		{name: "only stage notes", file: "a.txt", in: "---\n***\n# Title only\n", status: StatusSkipped, reason: "no speech"},
		{name: "unsupported type", file: "a.pdf", in: "%PDF-1.4", status: StatusSkipped, reason: `unsupported file type ".pdf"`},
		{name: "old Word file", file: "a.doc", in: "x", status: StatusSkipped, reason: "save it as .docx"},
	})
}

func TestFrontMatter(t *testing.T) {
	cfg, _ := ParseConfig("drift.yaml", []byte("sites:\n  eastside: ['*/east-*']\n"))
	r := testReader(t, cfg)
	tests := []struct {
		name, file, in                   string
		cycle, date, site, reason, turns string
	}{
		{name: "all fields", file: "2026-03/east-a.txt",
			in:    "---\ncycle: 2026-03b\ndate: 2026-03-14\nsite: riverside\nfacilitators: [Ana]\ntitle: ignored\n---\nAna: Welcome.\nBo: Hi.\n",
			cycle: "2026-03b", date: "2026-03-14", site: "riverside",
			turns: "L8 facilitator \"Ana\": Welcome.\nL9 participant \"Bo\": Hi.\n"},
		{name: "one facilitator as a string", file: "2026-03/a.txt",
			in:    "---\nfacilitators: Ana\n---\nAna: Welcome.\n",
			cycle: "2026-03", turns: "L4 facilitator \"Ana\": Welcome.\n"},
		{name: "drift.yaml site when front matter has none", file: "2026-03/east-a.txt",
			in:    "---\ndate: 2026-03-15\n---\nBo: Hi.\n",
			cycle: "2026-03", date: "2026-03-15", site: "eastside", turns: "L4 participant \"Bo\": Hi.\n"},
		{name: "speaker lines between rules are speech", file: "2026-03/a.txt",
			in:    "---\nMaria: hello\n---\n",
			cycle: "2026-03", turns: "L2 participant \"Maria\": hello\n"},
		{name: "unclosed front matter is speech", file: "2026-03/a.txt",
			in:    "---\ncycle: x\nMaria: hello\n",
			cycle: "2026-03", turns: "L2 unknown \"\": cycle: x\nL3 participant \"Maria\": hello\n"},
		{name: "bad date", file: "2026-03/a.txt",
			in:     "---\ncycle: 2026-03\ndate: March 14\n---\nBo: Hi.\n",
			reason: `line 3: front matter date "March 14" is not a date (want YYYY-MM-DD)`},
		{name: "bad cycle", file: "2026-03/a.txt",
			in:     "---\ncycle: a/b\n---\nBo: Hi.\n",
			reason: `line 2: front matter cycle: cycle "a/b" may not contain`},
		{name: "cycle for a file at the root", file: "loose.txt",
			in:    "---\ncycle: 2026-05\n---\nBo: Hi.\n",
			cycle: "2026-05", turns: "L4 participant \"Bo\": Hi.\n"},
		{name: "a file at the root without a cycle", file: "loose.txt",
			in: "Bo: Hi.\n", reason: "not inside a cycle folder"},
		{name: "front matter that is not YAML fails", file: "2026-03/a.txt",
			in:     "---\nsite: [oops\ndate: 2026-13-45\n---\nBo: Hi.\n",
			reason: `line 2: front matter is not valid YAML: did not find expected ',' or ']'; fix it or remove the --- lines`},
		{name: "front matter with a tab is not YAML", file: "2026-03/a.txt",
			in:     "---\ncycle: 2026-03\n\tsite: x\n---\nBo: Hi.\n",
			reason: `line 3: front matter is not valid YAML: found a tab character that violates indentation; fix it or remove the --- lines`},
		{name: "lowercase labels between rules that are not YAML are speech", file: "2026-03/a.txt",
			in:    "---\ninterviewer: so what happened: tell me\nparticipant: we lost the grant\n---\nAna: ok\n",
			cycle: "2026-03", turns: "L2 unknown \"\": interviewer: so what happened: tell me participant: we lost the grant\nL5 participant \"Ana\": ok\n"},
		{name: "lowercase labels between rules that are YAML are speech", file: "2026-03/a.txt",
			in:    "---\ninterviewer: tell me\nparticipant: we lost the grant\n---\nAna: ok\n",
			cycle: "2026-03", turns: "L2 unknown \"\": interviewer: tell me participant: we lost the grant\nL5 participant \"Ana\": ok\n"},
		{name: "a read key later in a block that is not YAML fails", file: "2026-03/a.txt",
			in:     "---\nnote: a: b\nsite: x\n---\nBo: Hi.\n",
			reason: `line 2: front matter is not valid YAML: mapping values are not allowed in this context; fix it or remove the --- lines`},
		{name: "speech between rules that is not YAML is speech", file: "2026-03/a.txt",
			in:    "---\nMaria: it's [odd\n---\n",
			cycle: "2026-03", turns: "L2 participant \"Maria\": it's [odd\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := readBytes(r, tt.file, []byte(tt.in))
			if tt.reason != "" {
				if !strings.Contains(d.Reason, tt.reason) || d.Status == StatusOK {
					t.Fatalf("reason %q (status %s), want %q", d.Reason, d.Status, tt.reason)
				}
				return
			}
			if d.Status != StatusOK {
				t.Fatalf("status %s: %s", d.Status, d.Reason)
			}
			if d.Cycle != tt.cycle || d.Date != tt.date || d.Site != tt.site {
				t.Errorf("cycle, date, site = %q, %q, %q; want %q, %q, %q", d.Cycle, d.Date, d.Site, tt.cycle, tt.date, tt.site)
			}
			if got := dumpTurns(d.Turns); got != tt.turns {
				t.Errorf("turns:\n%s\nwant:\n%s", got, tt.turns)
			}
		})
	}
}

func TestParseVTT(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "voices, ids, NOTE and STYLE", file: "a.vtt",
			in: "WEBVTT - circle\nKind: captions\n\nSTYLE\n::cue { color: red }\n\nNOTE recorded on site\nsecond note line\n\n" +
				"1\n00:00:01.000 --> 00:00:04.000 align:start\n<v Maria Lopez>We lost <i>the</i> lease.</v>\n\n" +
				"cue-2\n00:00:04.500 --> 00:00:06.000\n<v Maria Lopez>All of us.\n\n" +
				"00:06.000 --> 00:08.250\n<v.loud Tomas>Me too &amp; my sister.\n",
			want: "L10 participant \"Maria Lopez\" [00:00:01.000-00:00:06.000]: We lost the lease. All of us.\nL18 participant \"Tomas\" [00:00:06.000-00:00:08.250]: Me too & my sister.\n"},
		{name: "two voices in one cue", file: "a.vtt",
			in:   "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes?</v> <v Bo>No.</v>\n",
			want: "L3 participant \"Ana\" [00:00:01.000-00:00:02.000]: Yes?\nL3 participant \"Bo\" [00:00:01.000-00:00:02.000]: No.\n"},
		{name: "speaker prefix and untagged cues", file: "a.vtt",
			in:   "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nintro music\n\n00:00:01.000 --> 00:00:02.000\nAna: Hello <c.yellow>all</c>.\n\n00:00:02.000 --> 00:00:03.000\nstill Ana\n\n00:00:03.000 --> 00:00:04.000\n>> someone else\n",
			want: "L3 unknown \"\" [00:00:00.000-00:00:01.000]: intro music\nL6 participant \"Ana\" [00:00:01.000-00:00:03.000]: Hello all. still Ana\nL12 unknown \"\" [00:00:03.000-00:00:04.000]: someone else\n"},
		{name: "inline timestamp tags", file: "a.vtt",
			in:   "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana>one <00:00:02.000>two\n",
			want: "L3 participant \"Ana\" [00:00:01.000-00:00:03.000]: one two\n"},
		{name: "missing header", file: "a.vtt", in: "00:00:01.000 --> 00:00:02.000\nhi\n", status: StatusFailed,
			reason: `line 1: the first line is "00:00:01.000 --> 00:00:02.000", want "WEBVTT"`},
		{name: "bad timestamp", file: "a.vtt", in: "WEBVTT\n\nbanana --> 00:00:02.000\nhi\n", status: StatusFailed,
			reason: `line 3: "banana" is not a timestamp (want HH:MM:SS.mmm)`},
		{name: "end before start", file: "a.vtt", in: "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nhi\n", status: StatusFailed,
			reason: `line 3: cue ends (00:00:02.000) before it starts (00:00:05.000)`},
		{name: "several problems are counted", file: "a.vtt", in: "WEBVTT\n\n00:00:01.000 --> x\nhi\n\nfoo\nbar\n", status: StatusFailed,
			reason: `line 3: "x" is not a timestamp (want HH:MM:SS.mmm) (and 1 more problems)`},
		{name: "header only", file: "a.vtt", in: "WEBVTT\n", status: StatusFailed, reason: "no cues found"},
	})
}

func TestParseSRT(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "speaker prefix and merging", file: "a.srt",
			in:   "1\n00:00:01,000 --> 00:00:03,500\nMARIA: We lost\nthe lease.\n\n2\n00:00:03,600 --> 00:00:05,000\n<i>MARIA:</i> All of us.\n\n3\n00:00:05,000 --> 00:00:06,000\n{\\an8}Tomas: Same.\n",
			want: "L1 participant \"MARIA\" [00:00:01.000-00:00:05.000]: We lost the lease. All of us.\nL10 participant \"Tomas\" [00:00:05.000-00:00:06.000]: Same.\n"},
		{name: "dialogue dashes with two speakers", file: "a.srt",
			in:   "1\n00:00:01,000 --> 00:00:02,000\n- Ana: Coming?\n- Bo: Yes.\n",
			want: "L1 participant \"Ana\" [00:00:01.000-00:00:02.000]: Coming?\nL1 participant \"Bo\" [00:00:01.000-00:00:02.000]: Yes.\n"},
		{name: "no cue numbers and a BOM", file: "a.srt",
			in:   "\xEF\xBB\xBF00:00:01,000 --> 00:00:02,000\nhello\n",
			want: "L1 unknown \"\" [00:00:01.000-00:00:02.000]: hello\n"},
		{name: "bad timestamp", file: "a.srt", in: "1\n00:00:01,000 --> 00:00:0x,000\nhi\n", status: StatusFailed,
			reason: `line 2: "00:00:0x,000" is not a timestamp (want HH:MM:SS,mmm)`},
		{name: "not a cue number", file: "a.srt", in: "one\n00:00:01,000 --> 00:00:02,000\nhi\n", status: StatusFailed,
			reason: `line 1: "one" is not a cue number`},
		{name: "no timing", file: "a.srt", in: "1\nhello\n", status: StatusFailed,
			reason: `line 2: "hello" is not a cue timing (want "00:00:01,000 --> 00:00:04,000")`},
	})
}

func TestParseJSON(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "whisperx segments merge by speaker", file: "a.json",
			in:   `{"language":"en","segments":[{"start":0.5,"end":2,"text":" We lost the lease.","speaker":"SPEAKER_00","words":[]},{"start":2.1,"end":3,"text":" All of us.","speaker":"SPEAKER_00"},{"start":3,"end":4.25,"text":"Same.","speaker":"SPEAKER_01"}]}`,
			want: "L1 participant \"SPEAKER_00\" [00:00:00.500-00:00:03.000]: We lost the lease. All of us.\nL3 participant \"SPEAKER_01\" [00:00:03.000-00:00:04.250]: Same.\n"},
		{name: "whisper segments without speakers", file: "a.json",
			in:   `{"text":"...","segments":[{"id":0,"start":0,"end":1,"text":"Hello."},{"id":1,"start":1,"end":2,"text":"Again."}]}`,
			want: "L1 unknown \"\" [00:00:00.000-00:00:02.000]: Hello. Again.\n"},
		{name: "plain list", file: "a.json",
			in:   "[\n {\"speaker\": \"Maria\", \"text\": \"One\"},\n {\"speaker\": \"Maria\", \"text\": \"two\"},\n {\"speaker\": 1, \"text\": \"Three\"}\n]",
			want: "L1 participant \"Maria\": One two\nL3 participant \"1\": Three\n"},
		{name: "times as strings", file: "a.json",
			in:   `[{"speaker":"Ana","text":"Hi","start":"00:00:01.5","end":"2"}]`,
			want: "L1 participant \"Ana\" [00:00:01.500-00:00:02.000]: Hi\n"},
		{name: "bad start", file: "a.json", in: "[\n{\"speaker\":\"Ana\",\"text\":\"Hi\"},\n{\"speaker\":\"Ana\",\"text\":\"Hi\",\"start\":\"banana\",\"end\":2}]", status: StatusFailed,
			reason: `line 3: item 2: "start" "banana" is not a time (want seconds, e.g. 12.5)`},
		{name: "missing text", file: "a.json", in: `{"segments":[{"speaker":"Ana"}]}`, status: StatusFailed,
			reason: `line 1: segments item 1 has no "text" field; give every item its words as "text": "..."`},
		{name: "missing text on a later line", file: "a.json", in: "[\n  {\"speaker\": \"Ana\", \"text\": \"Hi\"},\n  {\"speaker\": \"Bo\"}\n]", status: StatusFailed,
			reason: `line 3: item 2 has no "text" field`},
		{name: "syntax error", file: "a.json", in: "[\n{\"speaker\":\"Ana\",\n\"text\":}]", status: StatusFailed,
			reason: `line 3: invalid JSON`},
		{name: "truncated", file: "a.json", in: "[{\"speaker\":\"Ana\",\"text\":\"x\"}", status: StatusFailed,
			reason: `invalid JSON: the file ends too early`},
		{name: "object without segments", file: "a.json", in: `{"results":[]}`, status: StatusFailed,
			reason: `no "segments" list`},
		{name: "list of strings", file: "a.json", in: `["a","b"]`, status: StatusFailed,
			reason: `line 1: item 1 is a JSON string; want an object with "speaker" and "text"`},
		{name: "scalar", file: "a.json", in: `42`, status: StatusFailed, reason: `want a JSON object`},
	})
}

func TestParseCSV(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "header and merging", file: "a.csv",
			in:   "id,Speaker,Text,start,end\n1,Maria,\"We lost, the lease.\",0.5,2\n2,Maria,All of us.,00:00:02.100,3\n3,Tomas,Same.,3,4\n",
			want: "L2 participant \"Maria\" [00:00:00.500-00:00:03.000]: We lost, the lease. All of us.\nL4 participant \"Tomas\" [00:00:03.000-00:00:04.000]: Same.\n"},
		{name: "no times, multi-line text", file: "a.csv",
			in:   "speaker,text\nAna,\"one\ntwo\"\nBo,three\n,four\n",
			want: "L2 participant \"Ana\": one two\nL4 participant \"Bo\": three four\n"},
		{name: "semicolons", file: "a.csv",
			in:   "speaker;text\nAna;Hi\n",
			want: "L2 participant \"Ana\": Hi\n"},
		{name: "tsv", file: "a.tsv",
			in:   "speaker\ttext\tstart\tend\nAna\tHi, all\t1\t2\n",
			want: "L2 participant \"Ana\" [00:00:01.000-00:00:02.000]: Hi, all\n"},
		{name: "missing text column", file: "a.csv", in: "name,words\nAna,Hi\n", status: StatusFailed,
			reason: `line 1: the header has no "speaker" column (found name,words)`},
		{name: "bad time", file: "a.csv", in: "speaker,text,start,end\nAna,Hi,1,2\nBo,Yo,banana,3\n", status: StatusFailed,
			reason: `line 3: start "banana" is not a time (want seconds or HH:MM:SS.mmm)`},
		{name: "end before start", file: "a.csv", in: "speaker,text,start,end\nAna,Hi,5,2\n", status: StatusFailed,
			reason: `line 2: end 2 is before start 5`},
		{name: "unterminated quote", file: "a.csv", in: "speaker,text\nAnn Smith,\"unterminated quote\nBob Jones,rent\n", status: StatusFailed,
			reason: `line 2: column 11: the quote that opens here is never closed`},
		{name: "unterminated quote in the last column", file: "a.csv", in: "speaker,text,start\nAnn,ok,1\nBo,hi,\"2\nCy,x,3\n", status: StatusFailed,
			reason: `line 3: column 7: the quote that opens here is never closed`},
		{name: "stray quotes are text", file: "a.csv",
			in:   "speaker,text\nAna,She is 5'10\" tall\nBo,\"a \"quoted\" word\"\nCy,\"x\"\"y\"\n",
			want: "L2 participant \"Ana\": She is 5'10\" tall\nL3 participant \"Bo\": a \"quoted\" word\nL4 participant \"Cy\": x\"y\n"},
		{name: "a space after the closing quote", file: "a.csv", in: "speaker,text\nAnn,\"hello\" \nBob,rent is due\nCy,we were evicted\n", status: StatusFailed,
			reason: `line 2: column 5: the quoted field that opens here runs on into the next rows, because the quote at column 11 is followed by a space, not by ',' or the line end`},
		{name: "a tab after the closing quote, field closed rows later", file: "a.csv", in: "speaker,text\nAnn,\"hello\"\t\nBob,rent is due\nCy,\"we\",x\nDi,ok\n", status: StatusFailed,
			reason: `line 2: column 5: the quoted field that opens here runs on into the next rows, because the quote at column 11 is followed by a tab, not by ','`},
		{name: "an unclosed quote that a later stray quote ends", file: "a.csv", in: "speaker,text\nAnn,\"unterminated\nBob,rent\nCy,\"x\"\n", status: StatusFailed,
			reason: `line 2: column 5: the quoted field that opens here runs on into the next rows, because the quote at line 4, column 4 is followed by 'x'`},
		{name: "a stray quote in a quoted header", file: "a.csv", in: "speaker,\"text\" \nAnn,hi\n", status: StatusFailed,
			reason: `line 1: column 9: the quoted field that opens here runs on into the next rows`},
		{name: "columns count characters", file: "a.csv", in: "speaker,text\nJosé Ñúñez,\"unterminated\nBob,rent\n", status: StatusFailed,
			reason: `line 2: column 12: the quote that opens here is never closed`},
		{name: "quoted text over several lines with a comma", file: "a.csv",
			in:   "speaker,text\nAna,\"we lost, and then\nwe moved, \"\"ok\"\"\"\r\nBo,\"a \"b\" c\"\n",
			want: "L2 participant \"Ana\": we lost, and then we moved, \"ok\"\nL4 participant \"Bo\": a \"b\" c\n"},
		{name: "quoted last field at the end of the file", file: "a.csv",
			in:   "speaker,text\nAna,\"one, two\"",
			want: "L2 participant \"Ana\": one, two\n"},
	})
}

func TestParseDocx(t *testing.T) {
	doc := makeZip(t, docxBody(
		para("Riverside circle, March")+
			para("*Maria Lopez:", " We lost ", "the lease.")+
			para("It was ", "(laughs) ", "awful.")+
			para("*Tomas:", " Me", " too.", "")+
			`<w:p><w:r><w:t>Ana: one</w:t><w:br/><w:t>Bo: two</w:t><w:tab/><w:t>more</w:t></w:r><w:r><w:delText>deleted</w:delText></w:r></w:p>`+
			`<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:txbxContent>`+para("Box: once")+`</w:txbxContent></mc:Choice>`+
			`<mc:Fallback><w:txbxContent>`+para("Box: once")+`</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>`+
			`<w:tbl><w:tr><w:tc>`+para("Speaker")+`</w:tc><w:tc>`+para("Text")+`</w:tc></w:tr>`+
			`<w:tr><w:tc>`+para("Ana")+`</w:tc><w:tc>`+para("In a table.")+para("Two paragraphs.")+`</w:tc></w:tr>`+
			`<w:tr><w:tc>`+para("00:01:02")+`</w:tc><w:tc>`+para("Bo")+`</w:tc><w:tc>`+para("Timed row.")+`</w:tc></w:tr></w:tbl>`)...)
	bomb := makeZip(t, docxBody(para(strings.Repeat("a", 4096)))...)
	old := MaxDocxXML
	defer func() { MaxDocxXML = old }()
	tests := []formatCase{
		{name: "paragraphs, runs, breaks and tables", file: "a.docx", in: string(doc),
			want: "L1 unknown \"\": Riverside circle, March\n" +
				"L2 participant \"Maria Lopez\" ~1: We lost the lease. It was awful.\n" +
				"L4 participant \"Tomas\": Me too.\n" +
				"L5 participant \"Ana\": one\n" +
				"L6 participant \"Bo\": two more\n" +
				"L7 participant \"Box\": once\n" +
				"L8 participant \"Ana\": In a table. Two paragraphs.\n" +
				"L9 participant \"Bo\" ~1: Timed row.\n"},
		{name: "not a zip", file: "a.docx", in: "Maria: plain text renamed", status: StatusFailed,
			reason: "not a valid .docx (zip archive): zip: not a valid zip file"},
		{name: "truncated zip", file: "a.docx", in: string(doc[:len(doc)/2]), status: StatusFailed,
			reason: "not a valid .docx (zip archive)"},
		{name: "old Word file", file: "a.docx", in: "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", status: StatusFailed,
			reason: "old Word or password-protected"},
		{name: "zip without a document", file: "a.docx", in: string(makeZip(t, docxPart{"a.txt", "hi"})), status: StatusFailed,
			reason: "no word/document.xml in the archive"},
		{name: "broken XML", file: "a.docx", in: string(makeZip(t, docxPart{"word/document.xml", "<w:document><w:body><w:p>"})), status: StatusFailed,
			reason: "word/document.xml: XML syntax error"},
	}
	runFormatCases(t, tests)
	MaxDocxXML = 1024
	runFormatCases(t, []formatCase{{name: "zip bomb guard", file: "a.docx", in: string(bomb), status: StatusFailed,
		reason: "zip bomb guard"}})
}

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
		noise          int
	}{
		{"plain", "  We  lost\tthe lease. ", "We lost the lease.", 0},
		{"brackets", "[crosstalk] yes [APPLAUSE] and [inaudible 00:01:02]", "yes and", 3},
		{"long brackets stay", "[" + strings.Repeat("x", 61) + "] ok", "[" + strings.Repeat("x", 61) + "] ok", 0},
		{"parenthesised notes", "(laughs) yes (Laughter) (coughs twice) (sighs)", "yes", 4},
		{"other parentheses stay", "the (old) depot", "the (old) depot", 0},
		{"parenthesised clock", "at (00:12) and ( 1:02:03 )", "at and", 2},
		{"bare clocks", "at 10:30, then 00:12:03.250; not 123:45 or 1:2", "at , then ; not 123:45 or 1:2", 2},
		{"note holding a clock", "(laughs at 10:30)", "", 1},
		{"ratio-like text", "a 2:1 vote", "a 2:1 vote", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := Clean(tt.in)
			if got != tt.want || n != tt.noise {
				t.Errorf("Clean(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.noise)
			}
		})
	}
}

// cleanRef is Clean as it was before its fast paths: the clock pattern run
// on every text holding a colon, and strings.Fields to collapse space.
func cleanRef(s string) (string, int) {
	n := 0
	count := func(string) string { n++; return " " }
	s = bracketNoteRE.ReplaceAllStringFunc(s, count)
	s = parenNoteRE.ReplaceAllStringFunc(s, count)
	s = clockRE.ReplaceAllStringFunc(s, count)
	return strings.Join(strings.Fields(s), " "), n
}

func TestCleanFastPaths(t *testing.T) {
	for _, in := range []string{
		"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\u00a0b", "a\u2003 b", "\u0085", "ok\xffthen  x", "x\xc2",
		"1:23", "a 1:23", "12:3", ":12", "9:99:99.1234", "x:12 and 3:4", "at 10:30, then 00:12:03.250",
		"Ü 1:00 ü", "(laughs) 1:00", "[00:01] word", "end:",
	} {
		got, gn := Clean(in)
		want, wn := cleanRef(in)
		if got != want || gn != wn {
			t.Errorf("Clean(%q) = %q, %d; the reference gives %q, %d", in, got, gn, want, wn)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"at 10:30, then 00:12:03.250", "  We  lost\tthe lease. ", "(laughs at 10:30) [crosstalk]", "a\u00a0b \u2003c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gn := Clean(s)
		want, wn := cleanRef(s)
		if got != want || gn != wn {
			t.Fatalf("Clean(%q) = %q, %d; the reference gives %q, %d", s, got, gn, want, wn)
		}
	})
}

// spaceAlphabet holds the pieces of TestCollapseSpaceRandom's texts: word
// bytes, ASCII and other white space, a control byte, bytes that are not
// UTF-8.
var spaceAlphabet = []string{"a", "a", "a", "bc", "defgh", " ", " ", "  ", "\t", "\n", "\v", "\r", "\u00a0", "\u2003", "\u0085", "é", "\x01", "\xff", "\xc2"}

// TestCollapseSpaceRandom checks collapseSpace against strings.Fields on
// random texts of spaceAlphabet, which cross its eight-byte steps at
// every offset. Set DRIFT_COLLAPSE_N for a longer run.
func TestCollapseSpaceRandom(t *testing.T) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("DRIFT_COLLAPSE_N")); err == nil {
		n = v
	}
	rng := rand.New(rand.NewPCG(2, uint64(n)))
	var b strings.Builder
	for k := 0; k < n; k++ {
		b.Reset()
		for j := rng.IntN(30); j > 0; j-- {
			b.WriteString(spaceAlphabet[rng.IntN(len(spaceAlphabet))])
		}
		s := b.String()
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " ", "abcdefg h", "abcdefgh  i", "abcdefg  hijklmno p", " abcdefgh", "abcdefgh\tijklmnop", "a\u00a0bcdefghij"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

// tagRE is the definition of a speaker tag that matchTag (scanTag) implements
// by hand: group 1 is a leading timestamp, group 2 the name, group 3 a
// timestamp after the name.
var tagRE = regexp.MustCompile(`^\s*((?:[\[(]?` + clockPat + `[\])]?\s+)?)(?:>>\s*)?(?:\*\*|__)?([\p{Lu}][\p{L}\p{M}\p{N}.'’_\- ]{0,48}?)(?:\*\*|__)?\s*((?:[\[(]` + clockPat + `[\])])?)\s*(?:\*\*|__)?:(?:\*\*|__)?(?:\s+|$)`)

// matchTagRef is matchTag as it was before tagColon and scanTag: tagRE on
// every line with a colon in its first 128 bytes.
func matchTagRef(line string) (name, rest string, ok bool) {
	head := line
	if len(head) > 128 {
		head = head[:128]
	}
	if strings.IndexByte(head, ':') < 0 {
		return "", "", false
	}
	m := tagRE.FindStringSubmatchIndex(line)
	if m == nil {
		return "", "", false
	}
	name = strings.TrimSpace(line[m[4]:m[5]])
	if !plausibleName(name) {
		return "", "", false
	}
	rest = line[m[1]:]
	if ts := strings.TrimSpace(line[m[2]:m[3]] + " " + line[m[6]:m[7]]); ts != "" {
		rest = ts + " " + rest
	}
	return name, rest, true
}

var tagLines = []string{
	"Maria: hi", "MARIA LOPEZ: hi", "Dr. Ana-María O’Neil: yes", "[00:01:02] Ana: (laughs)", "(00:01:02,250) Bo: x",
	"00:01:02,250 Bo: x", "Ana (00:03): we", "Ana [1:02.5]: we", ">> Bo: x", "**Ana:** hi", "__Bo__: x", "- Ana: x",
	"Speaker 1: ok", "Madame Speaker, Vice President Biden, Members of Congress:", "Note that the rent: up",
	"Thank you. Let me say: this", "Ana, Bo: both", "Ana; Bo: x", "Q: why?", "A:", "Ana :x", "Ana:x", "1,2: x",
	"Ana 1,2: x", "Ana\u00a0Lopez: hi", "Ü: x", "\tAna: x", "Ana \"Bo\": x", "Ana/Bo: x", "Ana? x: y", "",
	strings.Repeat("A", 130) + ": x",
	// Long lines; the widest tag (tagRE once saw lines only up to the
	// 236th byte that is not white space).
	"Ana: " + strings.Repeat("word, ", 400), "[00:01:02]" + strings.Repeat(" ", 300) + "Ana:" + strings.Repeat(" ", 300) + "x",
	widestTag + " x", widestTag, widestTag + strings.Repeat(" \t", 200) + "x", widestTag + "x",
	"𝐀" + widestTag, "[00:01:02.250] >> **" + strings.Repeat("𝐀", 50) + ":** x",
}

// widestTag is a speaker tag with as many bytes other than white space as
// tagRE matches: every optional part, and a name of 49 four-byte capitals.
var widestTag = "[00:01:02.250] >> **" + strings.Repeat("𝐀", 49) + "** [00:01:02.250] **:**"

func TestWidestTag(t *testing.T) {
	if n := len(strings.Join(strings.Fields(widestTag), "")); n != 235 {
		t.Errorf("widestTag has %d bytes other than white space, want 235", n)
	}
	if _, _, ok := matchTagRef(widestTag + " x"); !ok {
		t.Errorf("widestTag is not a speaker tag")
	}
}

func TestMatchTagFastPath(t *testing.T) {
	for _, line := range tagLines {
		n, r, ok := matchTag(line)
		wn, wr, wok := matchTagRef(line)
		if n != wn || r != wr || ok != wok {
			t.Errorf("matchTag(%q) = %q, %q, %v; the reference gives %q, %q, %v", line, n, r, ok, wn, wr, wok)
		}
	}
}

func FuzzMatchTag(f *testing.F) {
	for _, s := range tagLines {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		n, r, ok := matchTag(line)
		wn, wr, wok := matchTagRef(line)
		if n != wn || r != wr || ok != wok {
			t.Fatalf("matchTag(%q) = %q, %q, %v; the reference gives %q, %q, %v", line, n, r, ok, wn, wr, wok)
		}
	})
}

// FuzzScanTag checks scanTag against tagRE on any line, colon or not:
// the same match or none, with the same bounds for every group.
func FuzzScanTag(f *testing.F) {
	for _, s := range tagLines {
		f.Add(s)
	}
	for _, s := range []string{
		"Ana**: x", "Ana****: x", "Ana** **: x", "Ana__:__ x", "Ana__x: y", "A__B: x", "Ana [1:02] [3:04]: x", "Ana (1:02: x",
		"1:02 Ana: x", "(1:02) >>Ana: x", "12:345 Ana: x", "1:02.1234 Ana: x", "1:02:3 Ana: x", "[1:02:03,5]\tAna:\n", "Ana\v: x",
		"Ana [1:02]x: y", "Ana : \t", "Ana:**", "Ana:**x", "Ana:** ", "É\u0301 Ü: x", "A\xff: x", "A\u2019b: x", "Ana\u00a0: x",
		"A" + strings.Repeat("b", 47) + ": x", "A" + strings.Repeat("b", 48) + ": x", "A" + strings.Repeat(" ", 48) + ":",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := tagRE.FindStringSubmatchIndex(s)
		m, ok := scanTag(s)
		if ok != (want != nil) {
			t.Fatalf("scanTag(%q): ok %v, tagRE %v", s, ok, want)
		}
		if !ok {
			return
		}
		got := []int{0, m.end, m.clock, m.clockEnd, m.name, m.nameEnd, m.clock2, m.clock2End}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("scanTag(%q) = %v, tagRE %v", s, got, want)
			}
		}
	})
}

// tagAlphabet holds the pieces a speaker tag is made of, and a few that
// are not.
var tagAlphabet = []string{
	"A", "É", "𝐀", "b", "é", "\u0301", "7", ".", "'", "’", "_", "-", " ", "\t", "\n", "\v", "\f", "\r", "\u00a0",
	":", "[", "]", "(", ")", "*", "**", "__", ">", ">>", ",", "1", "12", "12:34", "1:02:03", ".250", ",5", "\xff", "x",
}

// randomTag returns a string made like a speaker tag: the parts of tagRE
// in order, each now and then left out, doubled, replaced by a piece of
// tagAlphabet or with one put before it.
func randomTag(rng *rand.Rand) string {
	pick := func(opts ...string) string { return opts[rng.IntN(len(opts))] }
	clock := func() string {
		return pick("1", "12") + ":" + "34" + pick("", ":56") + pick("", ".2", ",25", ".250")
	}
	space := func() string { return strings.Repeat(pick(" ", " ", "\t", "\n"), rng.IntN(3)) }
	parts := []func() string{
		space,
		func() string {
			if rng.IntN(2) == 0 {
				return ""
			}
			return pick("", "[", "(") + clock() + pick("", "]", ")") + pick(" ", "\t") + space()
		},
		func() string { return pick("", "", ">>"+space()) },
		func() string { return pick("", "", "**", "__") },
		func() string { return pick("A", "A", "É", "𝐀") },
		func() string {
			var b strings.Builder
			n := rng.IntN(8)
			if rng.IntN(4) == 0 {
				n = 44 + rng.IntN(8) // about the longest name
			}
			for ; n > 0; n-- {
				b.WriteString(pick("b", "b", "b", "b", "é", "\u0301", "7", ".", "'", "’", "_", "-", " ", " ", "A"))
			}
			return b.String()
		},
		func() string { return pick("", "", "**", "__") },
		space,
		func() string { return pick("", "", "[", "(") + clock() + pick("]", ")") },
		space,
		func() string { return pick("", "", "**", "__") },
		func() string { return ":" },
		func() string { return pick("", "", "**", "__") },
		func() string { return pick("", " ", "\t\n", " x") },
	}
	var b strings.Builder
	for _, p := range parts {
		switch rng.IntN(32) {
		case 0: // left out
		case 1:
			b.WriteString(tagAlphabet[rng.IntN(len(tagAlphabet))])
		case 2:
			b.WriteString(tagAlphabet[rng.IntN(len(tagAlphabet))] + p())
		case 3:
			b.WriteString(p() + p())
		default:
			b.WriteString(p())
		}
	}
	return b.String()
}

// TestScanTagRandom checks scanTag against tagRE on random strings made
// like speaker tags (go test -fuzz FuzzScanTag explores bytes; these reach
// the nested optional parts sooner). Set DRIFT_SCANTAG_N for a longer run.
func TestScanTagRandom(t *testing.T) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("DRIFT_SCANTAG_N")); err == nil {
		n = v
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	for k := 0; k < n; k++ {
		s := randomTag(rng)
		want := tagRE.FindStringSubmatchIndex(s)
		m, ok := scanTag(s)
		got := []int{0, m.end, m.clock, m.clockEnd, m.name, m.nameEnd, m.clock2, m.clock2End}
		if ok != (want != nil) || ok && !slices.Equal(got, want) {
			t.Fatalf("scanTag(%q) = %v, %v; tagRE %v", s, got, ok, want)
		}
	}
}
