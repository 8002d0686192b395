// Package lexicons embeds the default lexicons shipped with drift, so that
// the binary runs with no files beside it. The YAML files in this folder are
// the lexicons; README.md documents them.
package lexicons

import "embed"

// FS holds the default lexicons (*.yaml).
//
//go:embed *.yaml
var FS embed.FS
