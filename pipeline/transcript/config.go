package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ConfigFile is the name of the optional corpus configuration at the corpus root.
const ConfigFile = "drift.yaml"

// Config is the corpus configuration read from drift.yaml.
type Config struct {
	Cycles       []CycleSpec // cycle order and labels; cycles not listed sort after, by id
	Facilitators []string    // speaker names whose turns are facilitator prompts
	Sites        []SiteSpec  // first match wins, in file order
	Aliases      map[string][]string
	// CycleFrom says where a file's cycle comes from: "folder" (the first
	// folder level, the default), "name" or "name-month" (the date in the
	// file name). The --cycle-from flag overrides cycle_from in drift.yaml.
	CycleFrom string
	// Manifest maps corpus-relative paths to the rows of manifest.csv.
	Manifest map[string]ManifestEntry

	alias map[string]string // normalised spelling -> canonical name
	facil map[string]bool   // normalised canonical name -> true
}

// CycleSpec names one cycle.
type CycleSpec struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
}

// SiteSpec maps path globs (relative to the corpus root) to a site name.
type SiteSpec struct {
	Name  string
	Globs []string
}

type rawConfig struct {
	Cycles       []CycleSpec         `yaml:"cycles"`
	Facilitators []string            `yaml:"facilitators"`
	Sites        yaml.Node           `yaml:"sites"`
	Aliases      map[string][]string `yaml:"aliases"`
	CycleFrom    string              `yaml:"cycle_from"`
}

// LoadConfig reads CORPUS/drift.yaml and CORPUS/manifest.csv. Missing files
// give an empty Config and no error.
func LoadConfig(corpus string) (*Config, error) {
	p := filepath.Join(corpus, ConfigFile)
	data, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	c, err := ParseConfig(p, data)
	if err != nil {
		return nil, err
	}
	if c.Manifest, err = loadManifest(corpus); err != nil {
		return nil, err
	}
	return c, nil
}

// SetCycleFrom sets where cycles come from; "" keeps the current setting.
func (c *Config) SetCycleFrom(mode string) error {
	switch mode {
	case "":
		return nil
	case CycleFromFolder, CycleFromName, CycleFromNameMonth:
		c.CycleFrom = mode
		return nil
	}
	return fmt.Errorf("%q: want folder, name or name-month", mode)
}

// ParseConfig parses the bytes of a drift.yaml; name is used in errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var raw rawConfig
	if len(bytes.TrimSpace(data)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&raw); err != nil {
			return nil, yamlError(name, err)
		}
	}
	c := &Config{Cycles: raw.Cycles, Facilitators: raw.Facilitators, Aliases: raw.Aliases}
	if err := c.SetCycleFrom(raw.CycleFrom); err != nil {
		return nil, fmt.Errorf("%s: cycle_from %v", name, err)
	}
	if raw.Sites.Kind != 0 {
		if raw.Sites.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d:%d: sites must be a mapping of site name to a list of path globs", name, raw.Sites.Line, raw.Sites.Column)
		}
		for i := 0; i+1 < len(raw.Sites.Content); i += 2 {
			k, v := raw.Sites.Content[i], raw.Sites.Content[i+1]
			var globs []string
			switch v.Kind {
			case yaml.ScalarNode:
				globs = []string{v.Value}
			case yaml.SequenceNode:
				if err := v.Decode(&globs); err != nil {
					return nil, fmt.Errorf("%s:%d:%d: site %q: %v", name, v.Line, v.Column, k.Value, err)
				}
			default:
				return nil, fmt.Errorf("%s:%d:%d: site %q: want a glob or a list of globs", name, v.Line, v.Column, k.Value)
			}
			for _, g := range globs {
				if _, err := path.Match(g, ""); err != nil {
					return nil, fmt.Errorf("%s:%d:%d: site %q: bad glob %q: %v", name, v.Line, v.Column, k.Value, g, err)
				}
			}
			c.Sites = append(c.Sites, SiteSpec{Name: k.Value, Globs: globs})
		}
	}
	seen := map[string]bool{}
	for i, cy := range c.Cycles {
		if cy.ID == "" {
			return nil, fmt.Errorf("%s: cycles[%d] has no id", name, i)
		}
		if seen[cy.ID] {
			return nil, fmt.Errorf("%s: cycle %q is listed twice", name, cy.ID)
		}
		seen[cy.ID] = true
	}
	c.alias = map[string]string{}
	canon := make([]string, 0, len(c.Aliases))
	for k := range c.Aliases {
		canon = append(canon, k)
	}
	sort.Strings(canon)
	for _, k := range canon {
		c.alias[normName(k)] = k
		for _, v := range c.Aliases[k] {
			if prev, ok := c.alias[normName(v)]; ok && prev != k {
				return nil, fmt.Errorf("%s: alias %q is given for both %q and %q", name, v, prev, k)
			}
			c.alias[normName(v)] = k
		}
	}
	c.facil = map[string]bool{}
	for _, f := range c.Facilitators {
		c.facil[normName(c.Canonical(f))] = true
	}
	return c, nil
}

// Canonical returns the canonical spelling of a speaker name, resolving aliases.
func (c *Config) Canonical(name string) string {
	name = collapseSpace(name)
	if c != nil {
		if k, ok := c.alias[normName(name)]; ok {
			return k
		}
	}
	return name
}

// defaultFacilitators are tags that name the role, not the person: the
// interviewer in Q:/A: transcripts, or a "Facilitator:" tag.
var defaultFacilitators = map[string]bool{
	"q": true, "question": true, "interviewer": true, "facilitator": true, "moderator": true,
}

// unknownNames are tags that say the speaker is not known.
var unknownNames = map[string]bool{
	"unknown": true, "unknown speaker": true, "unidentified": true, "unidentified speaker": true,
	"unidentified male": true, "unidentified female": true, "inaudible": true, "?": true, "speaker": true,
}

// RoleOf returns the role of a canonical speaker name: unknown for the empty
// name, facilitator for the names listed under facilitators (and for the
// tags Q, Question, Interviewer, Facilitator and Moderator), participant
// otherwise.
func (c *Config) RoleOf(canonical string) Role {
	n := normName(canonical)
	if n == "" || unknownNames[n] {
		return RoleUnknown
	}
	if c != nil && c.facil[n] || defaultFacilitators[n] {
		return RoleFacilitator
	}
	return RoleParticipant
}

// SiteOf returns the site of a corpus-relative path, or "".
func (c *Config) SiteOf(rel string) string {
	if c == nil {
		return ""
	}
	for _, s := range c.Sites {
		for _, g := range s.Globs {
			if ok, _ := path.Match(g, rel); ok {
				return s.Name
			}
		}
	}
	return ""
}

// CycleOrder returns the cycles sorted: those listed in the config first, in
// config order, then the others by id (see CycleLess).
func (c *Config) CycleOrder(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.SliceStable(out, func(i, j int) bool { return c.CycleLess(out[i], out[j]) })
	return out
}

// CycleLess reports whether cycle a comes before cycle b in drift's cycle
// order: cycles listed in the config first, in config order, then the
// others by id. The order of two cycles depends on nothing else, so it is
// the same whichever other cycles a corpus holds.
func (c *Config) CycleLess(a, b string) bool {
	ra, oka := c.cycleRank(a)
	rb, okb := c.cycleRank(b)
	switch {
	case oka && okb:
		return ra < rb
	case oka != okb:
		return oka
	}
	return a < b
}

// cycleRank is the position of cycle id in the config's list (the last
// one, should it be listed twice).
func (c *Config) cycleRank(id string) (int, bool) {
	if c == nil {
		return 0, false
	}
	rank, ok := 0, false
	for i, cy := range c.Cycles {
		if cy.ID == id {
			rank, ok = i, true
		}
	}
	return rank, ok
}

// CycleLabel returns the label of a cycle, or its id.
func (c *Config) CycleLabel(id string) string {
	if c != nil {
		for _, cy := range c.Cycles {
			if cy.ID == id && cy.Label != "" {
				return cy.Label
			}
		}
	}
	return id
}

// KnownNames returns every speaker spelling the config knows (canonical
// names and aliases), for masking in quotes.
func (c *Config) KnownNames() []string {
	if c == nil {
		return nil
	}
	var out []string
	for k, vs := range c.Aliases {
		out = append(out, k)
		out = append(out, vs...)
	}
	out = append(out, c.Facilitators...)
	sort.Strings(out)
	return out
}

func normName(s string) string {
	return strings.ToLower(collapseSpace(s)) // collapseSpace is Join(Fields), without allocating for most names
}

var (
	yamlLineRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRE = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
)

// yamlError rewrites a yaml.v3 error as "name:line: message", one line per
// problem, naming the keys drift.yaml accepts.
func yamlError(name string, err error) error {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []string
	for _, m := range msgs {
		if g := yamlLineRE.FindStringSubmatch(strings.TrimSpace(m)); g != nil {
			msg := g[2]
			if u := yamlUnknownRE.FindStringSubmatch(msg); u != nil {
				if strings.HasSuffix(u[2], ".CycleSpec") {
					msg = fmt.Sprintf("unknown key %q in a cycles entry; an entry takes id and label", u[1])
				} else {
					msg = fmt.Sprintf("unknown key %q; drift.yaml takes cycle_from, cycles, sites, facilitators and aliases", u[1])
				}
			}
			out = append(out, fmt.Sprintf("%s:%s: %s", name, g[1], msg))
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s", name, m))
	}
	return fmt.Errorf("%s (see docs/ingest.md)", strings.Join(out, "\n"))
}
