package formats

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/report/internal/fixture"
)

func TestEveryFormatWrites(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, name, fixture.Report(), Options{AWSAccount: "111122223333", AWSRegion: "eu-west-1"}); err != nil {
				t.Fatal(err)
			}
			if b.Len() == 0 {
				t.Error("empty output")
			}
		})
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	var stdout bytes.Buffer
	outs := []Output{{Format: "table"}, {Format: "json", Path: filepath.Join(dir, "r.json")}}
	if err := WriteAll(fixture.Report(), outs, &stdout, Options{Colour: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "ONUS-RDS-001") || !strings.Contains(stdout.String(), "\x1b[") {
		t.Errorf("table on stdout missing or uncoloured:\n%s", stdout.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"schema_version"`)) || bytes.Contains(b, []byte("\x1b[")) {
		t.Errorf("json file wrong:\n%s", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		outs []Output
		ok   bool
	}{
		{"one stdout", []Output{{Format: "table"}}, true},
		{"case-insensitive", []Output{{Format: "JSON", Path: "x"}}, true},
		{"unknown", []Output{{Format: "xml"}}, false},
		{"two stdout", []Output{{Format: "table"}, {Format: "json", Path: "-"}}, false},
	}
	for _, c := range cases {
		err := Validate(c.outs)
		if (err == nil) != c.ok {
			t.Errorf("%s: err=%v", c.name, err)
		}
	}
	var ufe *UnknownFormatError
	if err := Write(&bytes.Buffer{}, "xml", fixture.Report(), Options{}); !errors.As(err, &ufe) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestWriteAllBadDir(t *testing.T) {
	err := WriteAll(fixture.Report(), []Output{{Format: "json", Path: filepath.Join(t.TempDir(), "no", "such", "r.json")}}, &bytes.Buffer{}, Options{})
	if err == nil {
		t.Fatal("want error for missing directory")
	}
}
