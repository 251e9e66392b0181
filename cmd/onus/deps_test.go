package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// The AWS SDK's service/<name>/schemas packages (generated into each
// service module from September 2026 on) build every shape of the
// service's API model in package initialisers. Go runs every linked
// package's initialisers before main, so in onus's one binary they cost a
// code-only scan ~0.08 CPU-s and ~18 MiB of resident memory at start-up
// (BENCHMARKS.md, session 8), for a live collector that does not use them.
// go.mod therefore pins the services (and config/credentials, which pull
// sts, sso, ssooidc and signin) to their last versions without them. This
// test fails when an upgrade brings one back, so that the cost is a
// decision rather than an accident.
func TestNoSDKSchemaPackages(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	schemas := regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/.*/schemas$`)
	var found []string
	for _, p := range strings.Fields(string(out)) {
		if schemas.MatchString(p) {
			found = append(found, p)
		}
	}
	if !strings.Contains(string(out), "github.com/aws/aws-sdk-go-v2/service/s3\n") {
		t.Fatalf("go list -deps does not list the SDK's s3 package; the check would see nothing:\n%s", out)
	}
	if len(found) > 0 {
		t.Errorf("the binary links SDK schema packages, whose initialisers slow every scan's start-up; pin their modules to versions without them (see go.mod):\n%s", strings.Join(found, "\n"))
	}
}
