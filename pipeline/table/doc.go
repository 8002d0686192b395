// Package table is the Parquet contract of drift's dataset: the row structs
// of every table (rows.go), the writer settings that keep files readable by
// every common reader, and the dataset layout on disk. Stages hand it rows;
// it knows nothing of how they were computed.
package table
