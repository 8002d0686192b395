package transcript

// Status says what happened to one input file.
type Status string

// The statuses of a Document.
const (
	StatusOK      Status = "ok"      // parsed; its turns are analysed
	StatusSkipped Status = "skipped" // deliberately not analysed (unsupported type, empty, too large)
	StatusFailed  Status = "failed"  // could not be parsed; Reason says where and why
	// StatusConfig marks the corpus configuration files (drift.yaml,
	// manifest.csv): read as configuration, not as transcripts. They are
	// neither skipped nor failed, so --strict does not count them.
	StatusConfig Status = "config"
)

// Role is what a speaker does in the meeting.
type Role string

// The roles of a Turn.
const (
	RoleFacilitator Role = "facilitator"
	RoleParticipant Role = "participant"
	RoleUnknown     Role = "unknown" // text before the first speaker tag, or an untagged segment
)

// Turn is one stretch of speech by one speaker.
//
// Name is the speaker as written (after alias resolution). No table or
// report carries it: outputs carry Speaker, the keyed pseudonym. The
// names are stored only sealed, with a key derived from the pseudonym key,
// in OUT/.cache (cache entries and the file index), for reruns.
type Turn struct {
	Index    int     // 0-based position in the document
	Name     string  // canonical speaker name; empty for unknown speakers
	Speaker  string  // stable pseudonym of Name
	Role     Role    // facilitator, participant or unknown
	Text     string  // analysed text: stage notes and timestamps removed
	Line     int     // 1-based line where the turn starts (subtitles: the cue's first line; JSON: segment number; docx: paragraph number)
	Start    float64 // seconds from the start of the recording, when HasTime
	End      float64 // seconds, when HasTime
	HasTime  bool    // Start and End are known
	Noise    int     // stage notes ([crosstalk], (laughs)) and timestamps removed from Text
	RawBytes int     // bytes of the turn before cleaning
}

// Document is one input file and what was read from it.
type Document struct {
	Path     string // relative to the corpus root, '/'-separated
	Cycle    string // cycle id
	Site     string // site name, or "" when the corpus does not name sites
	Date     string // YYYY-MM-DD when known
	Format   string // txt, md, vtt, srt, docx, json, csv, tsv, or the extension of an unsupported file
	Encoding string // utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252, utf-8+windows-1252 (stray bytes), binary
	Size     int64  // bytes on disk
	SHA256   string // hex digest of the file's bytes
	Status   Status
	Reason   string // why the file was skipped or failed; empty when ok
	Turns    []Turn
}
