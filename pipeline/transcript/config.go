package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
}

// LoadConfig reads CORPUS/drift.yaml. A missing file gives an empty Config
// and no error.
func LoadConfig(corpus string) (*Config, error) {
	p := filepath.Join(corpus, ConfigFile)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return ParseConfig(p, nil)
	}
	if err != nil {
		return nil, err
	}
	return ParseConfig(p, data)
}

// ParseConfig parses the bytes of a drift.yaml; name is used in errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var raw rawConfig
	if len(bytes.TrimSpace(data)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s: %w (see README.md, \"Corpus configuration\")", name, err)
		}
	}
	c := &Config{Cycles: raw.Cycles, Facilitators: raw.Facilitators, Aliases: raw.Aliases}
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
	name = strings.Join(strings.Fields(name), " ")
	if c != nil {
		if k, ok := c.alias[normName(name)]; ok {
			return k
		}
	}
	return name
}

// RoleOf returns the role of a canonical speaker name.
func (c *Config) RoleOf(canonical string) Role {
	if canonical == "" {
		return RoleUnknown
	}
	if c != nil && c.facil[normName(canonical)] {
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
// config order, then the others by id.
func (c *Config) CycleOrder(ids []string) []string {
	rank := map[string]int{}
	if c != nil {
		for i, cy := range c.Cycles {
			rank[cy.ID] = i
		}
	}
	out := append([]string(nil), ids...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, oki := rank[out[i]]
		rj, okj := rank[out[j]]
		switch {
		case oki && okj:
			return ri < rj
		case oki != okj:
			return oki
		}
		return out[i] < out[j]
	})
	return out
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
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
