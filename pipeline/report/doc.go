// Package report renders the drift report organisers read after each
// cycle, as Markdown and HTML, from table rows alone, so it can be
// re-rendered from a dataset without recomputing.
package report
