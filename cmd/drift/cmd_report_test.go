package main

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestNewReportCmd(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    reportOptions
		wantErr bool
	}{
		{"defaults", []string{"out"}, reportOptions{Out: "out"}, false},
		{"all flags", []string{"out", "--cycle", "2026-03", "--no-quotes", "-q"}, reportOptions{Out: "out", Cycle: "2026-03", NoQuotes: true, Quiet: true}, false},
		{"no folder", nil, reportOptions{}, true},
		{"two folders", []string{"a", "b"}, reportOptions{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *reportOptions
			var out bytes.Buffer
			cmd := newReportCmd(&IO{Out: &out, Err: &out}, func(_ context.Context, o *reportOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&out)
			cmd.SetErr(&out)
			err := cmd.ExecuteContext(context.Background())
			if tt.wantErr {
				var fe *flagError
				if !errors.As(err, &fe) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("options %+v, want %+v", *got, tt.want)
			}
		})
	}
}
