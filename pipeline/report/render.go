package report

import (
	"path/filepath"

	"github.com/drift-project/drift/pipeline/table"
)

// Render renders the report as HTML and as Markdown from one model, so
// both say the same thing. The output depends only on in and opt: no clock,
// no map order, floats formatted one way.
func Render(in Input, opt Options) (html, md []byte, err error) {
	m, err := build(in, opt)
	if err != nil {
		return nil, nil, err
	}
	return renderHTML(m), renderMarkdown(m), nil
}

// Write renders the report and writes dir/report.html and dir/report.md,
// each through a temporary file and a rename.
func Write(dir string, in Input, opt Options) error {
	h, md, err := Render(in, opt)
	if err != nil {
		return err
	}
	if err := table.WriteAtomic(filepath.Join(dir, table.ReportHTML), h); err != nil {
		return err
	}
	return table.WriteAtomic(filepath.Join(dir, table.ReportMD), md)
}
