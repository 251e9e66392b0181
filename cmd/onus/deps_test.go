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

// Executing a text/template or html/template (or any reflect
// Method/MethodByName call) makes the Go linker keep every exported method
// of every type that reaches an interface, because it cannot tell which
// one a template names: onus was 186 MB instead of 44 MB, nearly all of it
// AWS SDK operations onus never calls, and paid for them in start-up
// memory. report/html therefore writes its page by code and --version is
// onus's own flag (cobra's custom version line is a template). This test
// links the binary and fails when a reflective method call is reachable
// again.
func TestLinkerDropsUnusedMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("links the whole binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goTool, "build", "-ldflags=-dumpdep", "-o", filepath.Join(t.TempDir(), "onus"), ".")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build -ldflags=-dumpdep: %v\n%.2000s", err, out)
	}
	if !strings.Contains(string(out), "main.main ->") {
		t.Fatalf("the linker printed no dependency graph; the check would see nothing:\n%.2000s", out)
	}
	seen := map[string]bool{}
	var reflective []string
	for _, line := range strings.Split(string(out), "\n") {
		from, _, ok := strings.Cut(line, " -> ")
		if ok && strings.Contains(from, "<ReflectMethod>") && !seen[from] {
			seen[from] = true
			reflective = append(reflective, from)
		}
	}
	if len(reflective) > 0 {
		t.Errorf("the binary reaches reflective method calls, so the linker keeps every exported method (see report/html/page.go); find the caller with `go build -ldflags=-dumpdep ./cmd/onus 2>&1 | grep -B2 ReflectMethod`:\n%s",
			strings.Join(reflective, "\n"))
	}
}
