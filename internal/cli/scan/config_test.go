package scan

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-sec/onus/config"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
)

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	if c, err := LoadConfig("", []string{dir}); c != nil || err != nil {
		t.Fatalf("no config: %v %v", c, err)
	}
	os.WriteFile(filepath.Join(dir, config.FileName), []byte("ami_allow_list: [ami-12345678]\n"), 0o644)
	c, err := LoadConfig("", []string{dir})
	if err != nil || c == nil || len(c.AMIAllowList) != 1 {
		t.Fatalf("found config: %v %+v", err, c)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("suppressions:\n  - control: ONUS-S3-001\n"), 0o644)
	_, err = LoadConfig(bad, nil)
	var ie *cmdutil.InputError
	var ce *config.Error
	if !errors.As(err, &ie) || !errors.As(err, &ce) || ce.Line != 2 {
		t.Errorf("malformed config: %v", err)
	}
}
