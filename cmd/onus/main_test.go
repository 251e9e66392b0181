package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
)

func TestExitCode(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{&cmdutil.FindingsError{Failed: 2, Threshold: "high"}, 1},
		{fmt.Errorf("wrapped: %w", &cmdutil.FindingsError{}), 1},
		{&cmdutil.UsageError{Err: errors.New("bad flag")}, 2},
		{&cmdutil.InputError{Err: errors.New("no such file")}, 2},
		{errors.New(`unknown command "x" for "onus"`), 2},
		{&cmdutil.IncompleteError{Errors: 1}, 3},
	}
	for _, c := range cases {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func runArgs(args ...string) (code int, out, errOut string) {
	streams, _, o, e := iostreams.Test()
	code = run(context.Background(), streams, args)
	return code, o.String(), e.String()
}

func TestCLI(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		out    string
		errOut string
	}{
		{name: "version", args: []string{"--version"}, code: 0, out: "onus dev\n"},
		{name: "version short", args: []string{"-v"}, code: 0, out: "onus dev\n"},
		{name: "no verb shows help", args: nil, code: 0, out: "Available Commands:"},
		{name: "help lists version", args: []string{"--help"}, code: 0, out: "-v, --version   version for onus"},
		{name: "help has examples", args: []string{"--help"}, code: 0, out: "onus scan examples/terraform/web-app"},
		{name: "scan help", args: []string{"scan", "--help"}, code: 0, out: "Exit codes: 0 no failing result"},
		{name: "unknown flag", args: []string{"scan", "--no-such-flag", "."}, code: 2, errOut: "onus: unknown flag: --no-such-flag"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, errOut: "unknown command"},
		{name: "unknown control", args: []string{"controls", "explain", "ONUS-NOPE-1"}, code: 2, errOut: `unknown control "ONUS-NOPE-1"`},
		{name: "missing path", args: []string{"scan", "does/not/exist"}, code: 2, errOut: "does/not/exist: no such file or directory"},
		{name: "bad fail-on", args: []string{"scan", ".", "--fail-on", "urgent"}, code: 2, errOut: "urgent"},
		{name: "controls", args: []string{"controls"}, code: 0, out: "ID"},
		{name: "unknown framework", args: []string{"scan", t.TempDir(), "--framework", "cis-9"}, code: 2, errOut: `unknown framework "cis-9" (want one of cis-aws-7.0.0`},
		{name: "policy wired", args: []string{"policy", "--help"}, code: 0, out: "simulate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runArgs(c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, errOut)
			}
			if !strings.Contains(out, c.out) {
				t.Errorf("stdout lacks %q:\n%s", c.out, out)
			}
			if !strings.Contains(errOut, c.errOut) {
				t.Errorf("stderr lacks %q:\n%s", c.errOut, errOut)
			}
		})
	}
}

func TestBuildInfo(t *testing.T) {
	if v := buildInfo().Version; v == "" {
		t.Error("empty version")
	}
}
