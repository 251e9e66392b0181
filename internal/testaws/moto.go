package testaws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// ErrUnavailable means python3 or moto is not installed; tests skip then.
var ErrUnavailable = errors.New("moto emulator unavailable")

// Moto is a running moto server.
type Moto struct {
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
	log  *strings.Builder
}

// StartMoto starts `python3 -m moto.server` on a free loopback port and
// waits until it answers. It returns an error wrapping ErrUnavailable when
// python3 or the moto module is missing.
func StartMoto() (*Moto, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil, fmt.Errorf("%w: python3 not on PATH", ErrUnavailable)
	}
	if out, err := exec.Command(py, "-c", "import moto.server").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%w: python3 cannot import moto.server (pip install 'moto[server]'): %s", ErrUnavailable, strings.TrimSpace(string(out)))
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	m := &Moto{URL: fmt.Sprintf("http://127.0.0.1:%d", port), done: make(chan struct{}), log: &strings.Builder{}}
	m.cmd = exec.Command(py, "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	m.cmd.Stdout = nil
	m.cmd.Stderr = nil
	m.cmd.Env = append(os.Environ(), "MOTO_ALLOW_NONEXISTENT_REGION=true")
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting moto: %w", err)
	}
	go func() {
		_ = m.cmd.Wait()
		close(m.done)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-m.done:
			return nil, fmt.Errorf("moto exited during start-up")
		default:
		}
		resp, err := http.Get(m.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return m, nil
			}
		}
		if time.Now().After(deadline) {
			m.Stop()
			return nil, fmt.Errorf("moto did not answer on %s within 30s", m.URL)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop ends the server.
func (m *Moto) Stop() {
	if m == nil || m.cmd == nil || m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Kill()
	<-m.done
}

// Reset wipes every emulated resource.
func (m *Moto) Reset(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.URL+"/moto-api/reset", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("resetting moto: %w", err)
	}
	resp.Body.Close()
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Isolate points the AWS SDK at fake static credentials and away from the
// user's shared config, so no test can reach a real account. Call it from
// TestMain before any SDK use.
func Isolate() {
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "testing",
		"AWS_SECRET_ACCESS_KEY":       "testing",
		"AWS_SESSION_TOKEN":           "testing",
		"AWS_REGION":                  "us-east-1",
		"AWS_DEFAULT_REGION":          "us-east-1",
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		os.Unsetenv(k)
	}
}

// Emulator is moto being started in the background, so tests that do not
// need it do not wait for its start-up (about 10 s).
type Emulator struct {
	done chan struct{}
	m    *Moto
	err  error
}

// Start begins starting moto and returns at once.
func Start() *Emulator {
	e := &Emulator{done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.m, e.err = StartMoto()
	}()
	return e
}

// URL waits for the emulator and returns its URL. It skips t with a clear
// message when python3 or moto is missing, and fails t on any other error.
func (e *Emulator) URL(t testing.TB) string {
	t.Helper()
	<-e.done
	switch {
	case errors.Is(e.err, ErrUnavailable):
		t.Skipf("skipping: needs the moto AWS emulator: %v", e.err)
	case e.err != nil:
		t.Fatalf("moto: %v", e.err)
	}
	return e.m.URL
}

// Stop waits for the start to finish and ends the server.
func (e *Emulator) Stop() {
	<-e.done
	e.m.Stop()
}

// Main is a TestMain body: it isolates the environment, starts moto in the
// background once for the package, runs the tests and stops moto.
func Main(m *testing.M, emu **Emulator) int {
	Isolate()
	*emu = Start()
	defer (*emu).Stop()
	return m.Run()
}
