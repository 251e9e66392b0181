package awscollect

import (
	"os"
	"testing"

	"github.com/onus-sec/onus/internal/testaws"
)

// emu is the moto emulator shared by the package's tests.
var emu *testaws.Emulator

func TestMain(m *testing.M) { os.Exit(testaws.Main(m, &emu)) }
