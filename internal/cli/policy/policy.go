package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
)

// NewCmd builds `onus policy` with its subcommands.
func NewCmd(streams *iostreams.IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Evaluate and analyze IAM policy documents",
		Long: `Work with AWS IAM policy documents using onus's evaluation engine, which
follows AWS's documented evaluation logic (explicit deny, SCPs and RCPs,
resource-based policies, permissions boundaries, session policies, identity
policies, cross-account rules, role trust and KMS key policies).`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(NewSimulateCmd(streams, nil), NewAnalyzeCmd(streams, nil))
	return cmd
}

// SimulateOptions are the options of `onus policy simulate`.
type SimulateOptions struct {
	IO    *iostreams.IOStreams
	Input string // path of the case file, "-" for standard input
}

// NewSimulateCmd builds `onus policy simulate`; runF replaces the run
// function in tests.
func NewSimulateCmd(streams *iostreams.IOStreams, runF func(context.Context, *SimulateOptions) error) *cobra.Command {
	opts := &SimulateOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "simulate --input CASE.json",
		Short: "Decide one request against a set of policies",
		Long: `Read one simulation case and print the decision as JSON:
{"decision": "Allow" | "ExplicitDeny" | "ImplicitDeny", "reasons": [...]}.

The case is a JSON object:
  {
    "identity_policies": [ <policy document>, ... ],
    "resource_policy": <policy document> | null,
    "permissions_boundary": <policy document> | null,
    "scps": [ [ <policy document>, ... ], ... ] | null,   (one list per organization level, root first)
    "rcps": [ [ <policy document>, ... ], ... ] | null,
    "session_policy": <policy document> | null,
    "request": {
      "principal": "<arn>",          ("" or "*" for an anonymous caller)
      "action": "service:Action",
      "resource": "<arn>",
      "resource_account": "<12 digits>" | null,
      "context": { "<condition key>": "<string>" | ["<string>", ...] }
    }
  }
Unknown fields are ignored.`,
		Example: `  onus policy simulate --input case.json
  cat case.json | onus policy simulate --input -`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Input == "" {
				return cmdutil.Usagef("--input is required")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Simulate(c.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Input, "input", "", `simulation case file ("-" for standard input)`)
	return cmd
}

func readInput(streams *iostreams.IOStreams, path string) ([]byte, error) {
	if path == "-" {
		data, err := io.ReadAll(streams.In)
		if err != nil {
			return nil, cmdutil.Inputf("reading standard input: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, cmdutil.Inputf("%w", err)
	}
	return data, nil
}

// SimulateResult is the JSON printed by simulate.
type SimulateResult struct {
	Decision iampolicy.Outcome  `json:"decision"`
	Reasons  []iampolicy.Reason `json:"reasons"`
}

// Simulate runs `onus policy simulate`.
func Simulate(_ context.Context, opts *SimulateOptions) error {
	data, err := readInput(opts.IO, opts.Input)
	if err != nil {
		return err
	}
	c, err := iampolicy.ParseCase(data)
	if err != nil {
		return cmdutil.Inputf("%s: %w", opts.Input, err)
	}
	d := iampolicy.Evaluate(c.Request, c.Policies)
	res := SimulateResult{Decision: d.Outcome, Reasons: d.Reasons}
	if res.Reasons == nil {
		res.Reasons = []iampolicy.Reason{}
	}
	enc := json.NewEncoder(opts.IO.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	return nil
}

// AnalyzeOptions are the options of `onus policy analyze`.
type AnalyzeOptions struct {
	IO       *iostreams.IOStreams
	File     string
	Resource string // ARN the policy is attached to (resource policies)
	Account  string // owning account id, "" if unknown
	Format   string // "text" or "json"
}

// NewAnalyzeCmd builds `onus policy analyze`; runF replaces the run
// function in tests.
func NewAnalyzeCmd(streams *iostreams.IOStreams, runF func(context.Context, *AnalyzeOptions) error) *cobra.Command {
	opts := &AnalyzeOptions{IO: streams, Format: "text"}
	cmd := &cobra.Command{
		Use:   "analyze FILE",
		Short: "Report what one policy document grants: admin, escalation, exposure, trust, TLS and SSE-KMS denies",
		Long: `Analyze one policy document (FILE, or "-" for standard input) with the
evaluation engine and print its findings:
  - full administrative access (* on *, or NotAction with a tiny exclusion list)
  - privilege-escalation paths (iam:PassRole + a service create, iam:CreatePolicyVersion, ...)
  - principals outside the account it lets in, and under which conditions
    (with --resource; --account names the owning account)
  - role trust open to any principal or any web identity
  - for S3 bucket ARNs: whether it denies every request without TLS, and
    every PutObject without SSE-KMS`,
		Example: `  onus policy analyze admin.json
  onus policy analyze bucket-policy.json --resource arn:aws:s3:::my-bucket --account 111122223333
  onus policy analyze trust.json --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.Account != "" && !isAccountID(opts.Account) {
				return cmdutil.Usagef("--account: want a 12-digit account id, got %q", opts.Account)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Analyze(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Resource, "resource", "", "ARN of the resource the policy is attached to")
	f.StringVar(&opts.Account, "account", "", "12-digit id of the account owning the resource")
	f.Var(&cmdutil.EnumFlag{Value: &opts.Format, Allowed: []string{"text", "json"}}, "format", "output format: text or json")
	return cmd
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Findings is what analyze reports (the JSON form).
type Findings struct {
	FullAdmin         *iampolicy.AdminGrant  `json:"full_admin"`
	Escalations       []iampolicy.Escalation `json:"privilege_escalations"`
	Exposure          *iampolicy.Exposure    `json:"exposure,omitempty"`
	OpenTrust         []iampolicy.TrustGrant `json:"open_trust"`
	InsecureTransport *iampolicy.Verdict     `json:"denies_insecure_transport,omitempty"`
	UnencryptedPut    *iampolicy.Verdict     `json:"denies_unencrypted_put,omitempty"`
	Incomplete        bool                   `json:"incomplete,omitempty"`
}

// Analyze runs `onus policy analyze`.
func Analyze(_ context.Context, opts *AnalyzeOptions) error {
	data, err := readInput(opts.IO, opts.File)
	if err != nil {
		return err
	}
	p, err := iampolicy.Parse(data)
	if err != nil {
		return cmdutil.Inputf("%s: %w", opts.File, err)
	}
	f := analyze(p, opts.Resource, opts.Account)
	if opts.Format == "json" {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("writing findings: %w", err)
		}
		return nil
	}
	return writeText(opts.IO.Out, opts.File, f)
}

func analyze(p *iampolicy.Policy, resource, account string) Findings {
	var f Findings
	if g, ok := iampolicy.FullAdmin(p); ok {
		f.FullAdmin = &g
	} else if g.Incomplete {
		f.Incomplete = true
	}
	var complete bool
	f.Escalations, complete = iampolicy.PrivilegeEscalations(p)
	f.Incomplete = f.Incomplete || !complete
	f.OpenTrust, complete = iampolicy.OpenTrust(p)
	f.Incomplete = f.Incomplete || !complete
	if resource != "" || hasPrincipal(p) {
		x := iampolicy.AnalyzeExposure(p, resource, account)
		f.Exposure = &x
		f.Incomplete = f.Incomplete || x.Incomplete
	}
	if isBucketARN(resource) {
		t := iampolicy.DeniesInsecureTransport(p, resource)
		u := iampolicy.DeniesUnencryptedPut(p, resource)
		f.InsecureTransport, f.UnencryptedPut = &t, &u
	}
	return f
}

func hasPrincipal(p *iampolicy.Policy) bool {
	for _, st := range p.Statements {
		if st.Principal != nil || st.NotPrincipal != nil {
			return true
		}
	}
	return false
}

func isBucketARN(s string) bool {
	name, ok := strings.CutPrefix(s, "arn:aws:s3:::")
	if !ok {
		name, ok = strings.CutPrefix(s, "arn:aws-us-gov:s3:::")
	}
	if !ok {
		name, ok = strings.CutPrefix(s, "arn:aws-cn:s3:::")
	}
	return ok && name != "" && !strings.Contains(name, "/")
}

func writeText(w io.Writer, file string, f Findings) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Policy %s\n\n", file)
	if f.FullAdmin != nil {
		fmt.Fprintf(&b, "FULL ADMIN: grants every action on every resource (%s)", strings.Join(f.FullAdmin.Statements, ", "))
		if len(f.FullAdmin.Excluded) > 0 {
			fmt.Fprintf(&b, "; excluded by NotAction: %s", strings.Join(f.FullAdmin.Excluded, ", "))
		}
		if f.FullAdmin.Conditional {
			fmt.Fprintf(&b, "; only under conditions: %s", condString(f.FullAdmin.Conditions))
		}
		b.WriteString("\n")
	} else {
		b.WriteString("Full admin: no\n")
	}
	if len(f.Escalations) == 0 {
		b.WriteString("Privilege escalation: none found\n")
	} else {
		b.WriteString("PRIVILEGE ESCALATION:\n")
		for _, e := range f.Escalations {
			fmt.Fprintf(&b, "  - %s: %s (%s)\n", e.Method, strings.Join(e.Actions, " + "), strings.Join(e.Statements, ", "))
		}
	}
	if f.Exposure != nil {
		if len(f.Exposure.Grants) == 0 {
			b.WriteString("Exposure: no principal outside the account is let in\n")
		} else {
			b.WriteString("EXPOSURE:\n")
			for _, g := range f.Exposure.Grants {
				fmt.Fprintf(&b, "  - %s [%s] may %s (%s)", g.Principal, g.Scope, strings.Join(g.Actions, ", "), strings.Join(g.Statements, ", "))
				if len(g.Conditions) > 0 {
					fmt.Fprintf(&b, " when %s", condString(g.Conditions))
				}
				b.WriteString("\n")
			}
		}
	}
	if len(f.OpenTrust) > 0 {
		b.WriteString("OPEN TRUST:\n")
		for _, g := range f.OpenTrust {
			fmt.Fprintf(&b, "  - %s may %s (%s)", g.Principal, g.Action, strings.Join(g.Statements, ", "))
			if len(g.Conditions) > 0 {
				fmt.Fprintf(&b, " when %s", condString(g.Conditions))
			}
			b.WriteString("\n")
		}
	}
	verdict := func(name string, v *iampolicy.Verdict) {
		if v == nil {
			return
		}
		switch {
		case v.Holds:
			fmt.Fprintf(&b, "%s: yes (%s)\n", name, strings.Join(v.Statements, ", "))
		case v.Counterexample != nil:
			c := v.Counterexample
			who := c.Principal
			if who == "" {
				who = "anonymous"
			}
			fmt.Fprintf(&b, "%s: NO — e.g. %s %s on %s is not denied\n", name, who, c.Action, c.Resource)
		default:
			fmt.Fprintf(&b, "%s: not proven (search bound reached)\n", name)
		}
	}
	verdict("Denies requests without TLS", f.InsecureTransport)
	verdict("Denies PutObject without SSE-KMS", f.UnencryptedPut)
	if f.Incomplete {
		b.WriteString("Note: some searches hit their bound; absent findings are not proof.\n")
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("writing findings: %w", err)
	}
	return nil
}

func condString(cs iampolicy.Conditions) string {
	var parts []string
	for _, c := range cs {
		for _, e := range c.Entries {
			parts = append(parts, fmt.Sprintf("%s %s %s", c.Operator, e.Key, strings.Join(e.Values, "|")))
		}
	}
	return strings.Join(parts, "; ")
}
