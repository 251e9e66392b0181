package collect

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	awscollect "github.com/onus-sec/onus/collect/aws"
	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

var _ scan.Collector = (*AWS)(nil)

func fakeEstate() *model.Estate {
	return &model.Estate{AccountWide: true, ScannedRegions: []string{"eu-west-1"}, Accounts: []*account.Account{{
		Meta: base.Meta{Type: "AWS::Account", Address: "account/123456789012", Source: source.AWS}, ID: "123456789012",
	}}}
}

func TestCollectCmd(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		args     []string
		fake     func(context.Context, awscollect.Options) (*model.Estate, diag.List, error)
		wantErr  any
		wantFile bool
		check    func(t *testing.T, got awscollect.Options)
	}{
		{name: "no --aws", args: []string{"--out", "x.json"}, wantErr: &cmdutil.UsageError{}},
		{name: "no --out", args: []string{"--aws"}, wantErr: &cmdutil.UsageError{}},
		{
			name: "writes snapshot", args: []string{"--aws", "--regions", "eu-west-1,us-east-1", "--services", "s3", "--endpoint-url", "http://127.0.0.1:1", "--max-concurrency", "4", "--out", filepath.Join(dir, "ok.json")},
			fake: func(_ context.Context, o awscollect.Options) (*model.Estate, diag.List, error) {
				o.Progress(awscollect.ProgressEvent{Total: 1, Account: "123456789012"})
				return fakeEstate(), diag.List{{Severity: diag.Warning, Summary: "AccessDenied"}}, nil
			},
			wantFile: true,
			check: func(t *testing.T, o awscollect.Options) {
				if strings.Join(o.Regions, "|") != "eu-west-1|us-east-1" || o.Services[0] != "s3" || o.EndpointURL != "http://127.0.0.1:1" || o.MaxConcurrency != 4 {
					t.Fatalf("flags not passed: %+v", o)
				}
			},
		},
		{
			name: "interrupted writes partial and is incomplete", args: []string{"--aws", "--out", filepath.Join(dir, "partial.json")},
			fake: func(context.Context, awscollect.Options) (*model.Estate, diag.List, error) {
				return fakeEstate(), nil, context.Canceled
			},
			wantErr: &cmdutil.IncompleteError{}, wantFile: true,
		},
		{
			name: "no credentials", args: []string{"--aws", "--out", filepath.Join(dir, "none.json")},
			fake: func(context.Context, awscollect.Options) (*model.Estate, diag.List, error) {
				return nil, nil, errors.New("sts:GetCallerIdentity: no credentials")
			},
			wantErr: &cmdutil.InputError{},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got awscollect.Options
			fake := c.fake
			if fake == nil {
				fake = func(context.Context, awscollect.Options) (*model.Estate, diag.List, error) {
					return fakeEstate(), nil, nil
				}
			}
			a := NewAWS(func(ctx context.Context, o awscollect.Options) (*model.Estate, diag.List, error) {
				got = o
				return fake(ctx, o)
			})
			streams, _, _, errOut := iostreams.Test()
			cmd := NewCmd(streams, a, nil)
			cmd.SetArgs(c.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.ExecuteContext(context.Background())
			switch want := c.wantErr.(type) {
			case nil:
				if err != nil {
					t.Fatalf("err = %v (stderr %s)", err, errOut)
				}
			case *cmdutil.UsageError:
				if !errors.As(err, &want) {
					t.Fatalf("err = %v, want a usage error", err)
				}
			case *cmdutil.IncompleteError:
				if !errors.As(err, &want) {
					t.Fatalf("err = %v, want incomplete", err)
				}
			case *cmdutil.InputError:
				if !errors.As(err, &want) {
					t.Fatalf("err = %v, want an input error", err)
				}
			}
			if c.check != nil {
				c.check(t, got)
			}
			out := ""
			for i, a := range c.args {
				if a == "--out" {
					out = c.args[i+1]
				}
			}
			if !c.wantFile {
				return
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			e, _, err := snapshot.Read(f, out)
			if err != nil || !e.AccountWide || e.Accounts[0].Source != source.Snapshot {
				t.Fatalf("snapshot not readable: %v %+v", err, e)
			}
			if a.Target() != "aws:123456789012" && c.name == "writes snapshot" {
				t.Fatalf("target = %q", a.Target())
			}
		})
	}
}
