package policy

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
)

// TestSimulateCaseFiles runs every engine case file through the simulate
// run function and checks the printed decision.
func TestSimulateCaseFiles(t *testing.T) {
	files, err := filepath.Glob("../../../iampolicy/testdata/cases/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 200 {
		t.Fatalf("only %d case files", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Expected string `json:"expected"`
			}
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			streams, _, out, _ := iostreams.Test()
			if err := Simulate(context.Background(), &SimulateOptions{IO: streams, Input: f}); err != nil {
				t.Fatal(err)
			}
			var got SimulateResult
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if string(got.Decision) != want.Expected {
				t.Errorf("decision %s, want %s; output %s", got.Decision, want.Expected, out)
			}
			if len(got.Reasons) == 0 {
				t.Errorf("no reasons")
			}
		})
	}
}

func TestSimulateCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"identity_policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}],
	  "resource_policy":null,"permissions_boundary":null,"scps":null,"rcps":null,"session_policy":null,
	  "expected":"Allow","source":"x","future_field":{"a":1},
	  "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resource_account":null,"context":{},"extra":true}}`
	tests := []struct {
		name      string
		args      []string
		stdin     string
		wantOut   string
		wantUsage bool
		wantInput string // substring of an InputError
	}{
		{name: "allow, unknown fields ignored", args: []string{"--input", write("good.json", good)}, wantOut: `"decision": "Allow"`},
		{name: "stdin", args: []string{"--input", "-"}, stdin: good, wantOut: `"decision": "Allow"`},
		{name: "missing --input", args: nil, wantUsage: true},
		{name: "no such file", args: []string{"--input", filepath.Join(dir, "nope.json")}, wantInput: "nope.json"},
		{name: "invalid JSON", args: []string{"--input", write("bad.json", `{"request":`)}, wantInput: "invalid JSON"},
		{name: "invalid policy names the path", args: []string{"--input", write("badpol.json",
			`{"identity_policies":[{"Statement":[{"Effect":"allow","Action":"*"}]}],"request":{"action":"s3:GetObject"}}`)},
			wantInput: "identity_policies[0]: policy: Statement[0].Effect"},
		{name: "missing request", args: []string{"--input", write("noreq.json", `{"identity_policies":[]}`)}, wantInput: "request: missing"},
		{name: "missing action", args: []string{"--input", write("noact.json", `{"request":{"principal":"x"}}`)}, wantInput: "request.action"},
		{name: "bad resource_account", args: []string{"--input", write("acct.json", `{"request":{"action":"s3:GetObject","resource_account":"12"}}`)}, wantInput: "resource_account"},
		{name: "wrong type", args: []string{"--input", write("type.json", `{"identity_policies":{},"request":{"action":"a:b"}}`)}, wantInput: "identity_policies"},
		{name: "bad context value", args: []string{"--input", write("ctx.json", `{"request":{"action":"a:b","context":{"k":{"x":1}}}}`)}, wantInput: "request.context.k"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			streams, in, out, _ := iostreams.Test()
			in.WriteString(tc.stdin)
			cmd := NewCmd(streams)
			cmd.SetArgs(append([]string{"simulate"}, tc.args...))
			cmd.SetOut(out)
			cmd.SetErr(out)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.ExecuteContext(context.Background())
			var ue *cmdutil.UsageError
			var ie *cmdutil.InputError
			switch {
			case tc.wantUsage:
				if !errors.As(err, &ue) {
					t.Fatalf("err = %v, want UsageError", err)
				}
			case tc.wantInput != "":
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.wantInput) {
					t.Fatalf("err = %v, want InputError containing %q", err, tc.wantInput)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(out.String(), tc.wantOut) {
					t.Errorf("output %s, want %s", out, tc.wantOut)
				}
			}
		})
	}
}

func TestAnalyzeCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	admin := write("admin.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	bucketPol := write("bucket.json", `{"Version":"2012-10-17","Statement":[
	 {"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
	 {"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	trust := write("trust.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`)
	readOnly := write("ro.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}`)
	tests := []struct {
		name      string
		args      []string
		want      []string
		wantInput bool
		wantUsage bool
	}{
		{name: "admin", args: []string{admin}, want: []string{"FULL ADMIN", "Statement[0]", "PRIVILEGE ESCALATION", "iam:CreatePolicyVersion"}},
		{name: "bucket", args: []string{bucketPol, "--resource", "arn:aws:s3:::b", "--account", "111122223333"},
			want: []string{"EXPOSURE:", "* [public] may s3:GetObject", "Denies requests without TLS: yes (Statement[1])", "Denies PutObject without SSE-KMS: NO"}},
		{name: "trust", args: []string{trust}, want: []string{"OPEN TRUST:", "* may sts:AssumeRole"}},
		{name: "read only", args: []string{readOnly}, want: []string{"Full admin: no", "Privilege escalation: none found"}},
		{name: "json", args: []string{admin, "--format", "json"}, want: []string{`"full_admin": {`, `"privilege_escalations": [`}},
		{name: "bad account", args: []string{admin, "--account", "12"}, wantUsage: true},
		{name: "bad format", args: []string{admin, "--format", "xml"}, wantUsage: true},
		{name: "invalid policy", args: []string{write("bad.json", `{"Statement":[{"Effect":"Allow"}]}`)}, wantInput: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			streams, _, out, _ := iostreams.Test()
			cmd := NewCmd(streams)
			cmd.SetArgs(append([]string{"analyze"}, tc.args...))
			cmd.SetOut(out)
			cmd.SetErr(out)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.ExecuteContext(context.Background())
			var ie *cmdutil.InputError
			var ue *cmdutil.UsageError
			switch {
			case tc.wantInput:
				if !errors.As(err, &ie) {
					t.Fatalf("err = %v, want InputError", err)
				}
				return
			case tc.wantUsage:
				// cobra reports bad flag values itself; ours are UsageError.
				if err == nil || (!errors.As(err, &ue) && !strings.Contains(err.Error(), "invalid argument")) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
