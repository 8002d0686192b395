package table

import (
	"fmt"
	"testing"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// benchEncode encodes rows b.N times and reports CPU time per op (user +
// system, every thread: wall time swings with the load of a shared
// machine, CPU time much less), the file size and rows per second.
func benchEncode[T any](b *testing.B, rows []T) {
	b.ReportAllocs()
	var size int
	report := cputime.Timer(b)
	for b.Loop() {
		out, err := Encode(rows, benchMeta)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	report()
	b.ReportMetric(float64(size), "file-bytes")
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// matchRows makes n Match rows shaped like a real run's: a few hundred
// documents, speakers and entries, short surfaces, mostly false flags.
func matchRows(n int) []Match {
	rows := make([]Match, n)
	cats := []string{"class", "identity"}
	for i := range rows {
		rows[i] = Match{
			DocPath: fmt.Sprintf("1990s/r%03d_1992-10-%02d_Pres.txt", i/5000, i/400%30), Turn: int32(i / 20), Sentence: int32(i % 7),
			TokenStart: int32(i % 31), TokenEnd: int32(i%31 + 1), ByteStart: int32(i % 900), ByteEnd: int32(i%900 + 7),
			Site: "", Speaker: fmt.Sprintf("spk-%04x", i%97), Role: "participant",
			Lexicon: "framing", LexiconVersion: "1.0.0", Dimension: "framing", Category: cats[i%2],
			Subcategory: "conditions", Entry: fmt.Sprintf("entry%d*", i%300), Surface: fmt.Sprintf("entry%dx", i%300),
			Weight: 1, Negated: i%11 == 0, Question: i%13 == 0, Reported: i%17 == 0, Narrative: i%19 == 0, Counted: i%11 != 0,
		}
	}
	return rows
}

func turnRows(n int) []Turn {
	rows := make([]Turn, n)
	text := "We were told the plant would stay open, and then they moved the jobs and cut our pay. "
	for i := range rows {
		rows[i] = Turn{
			DocPath: fmt.Sprintf("1990s/r%03d_1992-10-%02d_Pres.txt", i/2000, i/100%30), Turn: int32(i), Speaker: fmt.Sprintf("spk-%04x", i%97),
			Role: "participant", Line: int32(i * 3), NSentences: 4, NTokens: 80, NHits: int32(i % 5), Text: text + text[:i%len(text)],
		}
	}
	return rows
}

var benchMeta = Meta{"schema_version": SchemaVersion, "tool_version": "bench", "lexicons": `[{"name":"framing"}]`}

// BenchmarkEncodeMatches writes 100k Match rows to one Parquet file in memory.
func BenchmarkEncodeMatches(b *testing.B) { benchEncode(b, matchRows(100_000)) }

// BenchmarkEncodeTurns writes 100k Turn rows (with text) to one Parquet file.
func BenchmarkEncodeTurns(b *testing.B) { benchEncode(b, turnRows(100_000)) }
