package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// FileName is the config file looked for in the scanned root.
const FileName = ".onus.yaml"

// Config is a parsed .onus.yaml.
type Config struct {
	// Path is the file name errors and suppressions refer to.
	Path         string
	Suppressions []Suppression
	Attestations []Attestation
	// AMIAllowList are the approved AMI ids (* and ? wildcards allowed)
	// for the EC2 AMI control; AMIAllowListLine is 0 when the key is absent.
	AMIAllowList     []string
	AMIAllowListLine int
	// TrustedAccounts are the AWS accounts the user owns or fully trusts
	// (their organisation's), for controls that judge trust between
	// accounts; TrustedAccountsLine is 0 when the key is absent.
	TrustedAccounts     []string
	TrustedAccountsLine int
	// Params are the control parameters set under parameters:, in file
	// order; CheckParams validates them against the catalogue.
	Params []Param
}

// Param is one control parameter the user set: one number, or a list of
// numbers when written as a YAML list.
type Param struct {
	Control, Name string
	Values        []int
	List          bool
	Line, Column  int
}

// Suppression hides matching results (they stay in machine output,
// marked). Empty matchers match everything; Control is required.
type Suppression struct {
	// Control is a control ID or a glob ("ONUS-S3-*").
	Control string
	// Resource is a glob matched against the address, ARN and logical id.
	Resource string
	Account  string
	Region   string
	// Tags must all be present on the resource with matching (glob) values.
	Tags   map[string]string
	Reason string
	// Expires is the last day (UTC) the suppression applies, as written;
	// zero Until means it never expires.
	Expires string
	Until   time.Time
	Line    int
}

// Attestation is a person's statement that a manual duty is done.
type Attestation struct {
	Item        string
	Owner       string
	EvidenceURL string
	Expires     string
	Line        int
}

// Error is a malformed config; the CLI exits 2 on it.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Find returns the path of .onus.yaml in root (a directory, or the
// directory of a file), and false when there is none.
func Find(root string) (string, bool) {
	dir := root
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		dir = filepath.Dir(root)
	}
	p := filepath.Join(dir, FileName)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p, true
	}
	return "", false
}

// Load reads and parses a config file.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read config: %v", err)}
	}
	return Parse(path, b)
}

// Parse parses config text; name is used in errors.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file
	}
	p := parser{file: name}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if err := p.mapping(root, "the config"); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "version":
			if v.Value != "1" {
				err = p.errf(v, "version %q is not supported (want 1)", v.Value)
			}
		case "suppressions":
			c.Suppressions, err = p.suppressions(v)
		case "attestations":
			c.Attestations, err = p.attestations(v)
		case "ami_allow_list":
			c.AMIAllowList, err = p.amis(v)
			c.AMIAllowListLine = k.Line
		case "trusted_accounts":
			c.TrustedAccounts, err = p.accounts(v)
			c.TrustedAccountsLine = k.Line
		case "parameters":
			c.Params, err = p.params(v)
		default:
			err = p.errf(k, "unknown key %q (want version, suppressions, attestations, ami_allow_list, trusted_accounts or parameters)", k.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// yamlError turns a yaml.v3 syntax error ("yaml: line 3: ...") into an
// Error with the line.
func yamlError(name string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		fmt.Sscanf(m[1], "%d", &line)
		msg = strings.TrimPrefix(msg[len(m[0]):], " ")
	}
	return &Error{File: name, Line: line, Column: 1, Msg: "invalid YAML: " + msg}
}

var lineRE = regexp.MustCompile(`^line (\d+):`)

type parser struct{ file string }

func (p parser) errf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (p parser) mapping(n *yaml.Node, what string) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping", what)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			return p.errf(k, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
	}
	return nil
}

func (p parser) seq(n *yaml.Node, what string) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "%s must be a list", what)
	}
	return nil
}

func (p parser) str(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s must be a single value", what)
	}
	return strings.TrimSpace(n.Value), nil
}

// date parses an expiry: YYYY-MM-DD (the last day it applies) or RFC 3339.
func (p parser) date(n *yaml.Node) (string, time.Time, error) {
	s, err := p.str(n, "expires")
	if err != nil {
		return "", time.Time{}, err
	}
	t, err := ParseExpiry(s)
	if err != nil {
		return "", time.Time{}, p.errf(n, "%s", err)
	}
	return s, t, nil
}

// ParseExpiry turns an expiry as users write it into the first instant it
// no longer applies: a date covers that whole day (UTC), an RFC 3339 time
// is taken as is.
func ParseExpiry(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("expires %q is not a date (want YYYY-MM-DD)", s)
}

func (p parser) suppressions(n *yaml.Node) ([]Suppression, error) {
	if err := p.seq(n, "suppressions"); err != nil {
		return nil, err
	}
	var out []Suppression
	for _, item := range n.Content {
		if err := p.mapping(item, "each suppression"); err != nil {
			return nil, err
		}
		s := Suppression{Line: item.Line}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			var err error
			switch k.Value {
			case "control", "id":
				s.Control, err = p.str(v, k.Value)
				if err == nil && !controlRE.MatchString(s.Control) {
					err = p.errf(v, "control %q is not a control ID or glob (e.g. ONUS-S3-001, ONUS-S3-*)", s.Control)
				}
			case "resource":
				s.Resource, err = p.str(v, "resource")
			case "account":
				s.Account, err = p.str(v, "account")
			case "region":
				s.Region, err = p.str(v, "region")
			case "tags":
				s.Tags, err = p.tags(v)
			case "reason":
				s.Reason, err = p.str(v, "reason")
			case "expires":
				s.Expires, s.Until, err = p.date(v)
			default:
				err = p.errf(k, "unknown suppression key %q (want control, resource, account, region, tags, reason, expires)", k.Value)
			}
			if err != nil {
				return nil, err
			}
		}
		if s.Control == "" {
			return nil, p.errf(item, "suppression needs a control (a control ID or glob)")
		}
		if s.Reason == "" {
			return nil, p.errf(item, "suppression of %s needs a reason", s.Control)
		}
		out = append(out, s)
	}
	return out, nil
}

var controlRE = regexp.MustCompile(`^[A-Za-z0-9*?][A-Za-z0-9_.*?-]*$`)

func (p parser) tags(n *yaml.Node) (map[string]string, error) {
	if err := p.mapping(n, "tags"); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		v, err := p.str(n.Content[i+1], "tag "+n.Content[i].Value)
		if err != nil {
			return nil, err
		}
		out[n.Content[i].Value] = v
	}
	return out, nil
}

func (p parser) attestations(n *yaml.Node) ([]Attestation, error) {
	if err := p.seq(n, "attestations"); err != nil {
		return nil, err
	}
	var out []Attestation
	for _, item := range n.Content {
		if err := p.mapping(item, "each attestation"); err != nil {
			return nil, err
		}
		a := Attestation{Line: item.Line}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			var err error
			switch k.Value {
			case "item":
				a.Item, err = p.str(v, "item")
			case "owner":
				a.Owner, err = p.str(v, "owner")
			case "evidence_url":
				a.EvidenceURL, err = p.str(v, "evidence_url")
				if err == nil && !strings.Contains(a.EvidenceURL, "://") {
					err = p.errf(v, "evidence_url %q is not a URL", a.EvidenceURL)
				}
			case "expires":
				// The matrix builder compares dates, so attestations take
				// the date form only.
				a.Expires, err = p.str(v, "expires")
				if _, perr := time.Parse(time.DateOnly, a.Expires); err == nil && perr != nil {
					err = p.errf(v, "expires %q is not a date (want YYYY-MM-DD)", a.Expires)
				}
			default:
				err = p.errf(k, "unknown attestation key %q (want item, owner, evidence_url, expires)", k.Value)
			}
			if err != nil {
				return nil, err
			}
		}
		if a.Item == "" || a.Owner == "" {
			return nil, p.errf(item, "attestation needs an item and an owner")
		}
		out = append(out, a)
	}
	return out, nil
}

var amiRE = regexp.MustCompile(`^ami-[0-9a-f*?]{1,17}$`)

func (p parser) amis(n *yaml.Node) ([]string, error) {
	return p.list(n, "ami_allow_list", "an AMI id", amiRE, "%q is not an AMI id or pattern (ami- then hex digits, * and ? allowed)")
}

func (p parser) accounts(n *yaml.Node) ([]string, error) {
	return p.list(n, "trusted_accounts", "an AWS account id", accountRE, "%q is not an AWS account id (12 digits; quote it so YAML keeps leading zeros)")
}

// list reads a list of single values that must each match re; bad is the
// message for one that does not, with %q for the value.
func (p parser) list(n *yaml.Node, key, what string, re *regexp.Regexp, bad string) ([]string, error) {
	if err := p.seq(n, key); err != nil {
		return nil, err
	}
	out := []string{}
	for _, item := range n.Content {
		s, err := p.str(item, what)
		if err != nil {
			return nil, err
		}
		if !re.MatchString(s) {
			return nil, p.errf(item, bad, s)
		}
		out = append(out, s)
	}
	return out, nil
}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// params reads parameters: {CONTROL-ID: {name: integer}}. Whether the
// control and the name exist is CheckParams' question: the parser does
// not know the catalogue.
func (p parser) params(n *yaml.Node) ([]Param, error) {
	if err := p.mapping(n, "parameters"); err != nil {
		return nil, err
	}
	var out []Param
	for i := 0; i+1 < len(n.Content); i += 2 {
		id, body := n.Content[i], n.Content[i+1]
		if err := p.mapping(body, "the parameters of "+id.Value); err != nil {
			return nil, err
		}
		for j := 0; j+1 < len(body.Content); j += 2 {
			k, v := body.Content[j], body.Content[j+1]
			u := Param{Control: id.Value, Name: k.Value, Values: []int{}, Line: v.Line, Column: v.Column}
			items := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				u.List, items = true, v.Content
			}
			for _, item := range items {
				s, err := p.str(item, k.Value)
				if err != nil {
					return nil, err
				}
				if lo, hi, ok := numRange(s); ok && u.List {
					// A range ("1020-1025", as AWS Config's authorized
					// ports take them) stands for each number in it.
					if hi-lo > maxRange {
						return nil, p.errf(item, "range %q of %s is wider than %d", s, k.Value, maxRange)
					}
					for n := lo; n <= hi; n++ {
						u.Values = append(u.Values, n)
					}
					continue
				}
				num, err := strconv.Atoi(s)
				if err != nil {
					what := "a whole number"
					if u.List {
						what = "a whole number or a range (1020-1025)"
					}
					return nil, p.errf(item, "%s of %s must be %s, not %q", k.Value, id.Value, what, s)
				}
				u.Values = append(u.Values, num)
			}
			out = append(out, u)
		}
	}
	return out, nil
}

// maxRange bounds a range in a list parameter: every port is 65,536.
const maxRange = 65535

// numRange reads "LO-HI" with LO <= HI, both whole numbers.
func numRange(s string) (lo, hi int, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found || a == "" {
		return 0, 0, false
	}
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || lo > hi {
		return 0, 0, false
	}
	return lo, hi, true
}

// CheckParams validates the parameters against the catalogue: the control
// must exist and declare the parameter, and the value must be in range.
// A mistake is an Error with the line, so a typo cannot silently leave
// the default in force.
func (c *Config) CheckParams(cs []*control.Control) error {
	if c == nil {
		return nil
	}
	byID := make(map[string]*control.Control, len(cs))
	for _, x := range cs {
		byID[x.ID] = x
	}
	seen := map[string]int{}
	for _, u := range c.Params {
		at := func(format string, args ...any) error {
			return &Error{File: c.Path, Line: u.Line, Column: u.Column, Msg: fmt.Sprintf(format, args...)}
		}
		ctl, ok := byID[u.Control]
		if !ok {
			return at("parameters: %s is not a control of this catalogue (`onus controls` lists them)", u.Control)
		}
		if len(ctl.Params) == 0 {
			return at("parameters: %s has no parameters", u.Control)
		}
		var def *control.Param
		names := make([]string, 0, len(ctl.Params))
		for i := range ctl.Params {
			names = append(names, ctl.Params[i].Name)
			if ctl.Params[i].Name == u.Name {
				def = &ctl.Params[i]
			}
		}
		if def == nil {
			return at("parameters: %s has no parameter %q (it has %s)", u.Control, u.Name, strings.Join(names, ", "))
		}
		key := u.Control + "/" + u.Name
		if line, dup := seen[key]; dup {
			return at("parameters: %s %s is already set on line %d", u.Control, u.Name, line)
		}
		seen[key] = u.Line
		if err := def.Check(u.Values); err != nil {
			return at("parameters: %v", err)
		}
	}
	return nil
}

// ParamsValue is the parameters as a model setting, each known at its
// line; nil when none is set.
func (c *Config) ParamsValue() map[string]map[string]source.Value[[]int] {
	if c == nil || len(c.Params) == 0 {
		return nil
	}
	out := map[string]map[string]source.Value[[]int]{}
	for _, u := range c.Params {
		if out[u.Control] == nil {
			out[u.Control] = map[string]source.Value[[]int]{}
		}
		out[u.Control][u.Name] = source.Known(append([]int{}, u.Values...), source.At(c.ParamLoc(u)))
	}
	return out
}

// ApplyTo sets the estate settings the file configures (the AMI allow
// list, trusted accounts, control parameters) and leaves the others: every
// verb that runs controls judges against the same choices.
func (c *Config) ApplyTo(e *model.Estate) {
	if c == nil {
		return
	}
	if v := c.AMIAllowListValue(); !model.Unset(v) {
		e.Settings.AMIAllowList = v
	}
	if v := c.TrustedAccountsValue(); !model.Unset(v) {
		e.Settings.TrustedAccounts = v
	}
	if v := c.ParamsValue(); v != nil {
		e.Settings.Params = v
	}
}

// ParamLoc is where in the file a parameter was set.
func (c *Config) ParamLoc(u Param) source.Loc {
	return source.Loc{File: c.Path, Start: source.Pos{Line: u.Line, Column: u.Column}, End: source.Pos{Line: u.Line, Column: u.Column}}
}

// TrustedAccountsValue is the trusted account list as a model setting: the
// zero Value when .onus.yaml does not configure one, else known with the
// config line as provenance.
func (c *Config) TrustedAccountsValue() source.Value[[]string] {
	if c == nil {
		return source.Value[[]string]{}
	}
	return c.listSetting(c.TrustedAccounts, c.TrustedAccountsLine)
}

// AMIAllowListValue is the allow list as a model setting: the zero Value
// when .onus.yaml does not configure one (the AMI control is then not
// applicable), else known with the config line as provenance.
func (c *Config) AMIAllowListValue() source.Value[[]string] {
	if c == nil {
		return source.Value[[]string]{}
	}
	return c.listSetting(c.AMIAllowList, c.AMIAllowListLine)
}

// listSetting is a list key of the file as a model setting: the zero Value
// when the key is absent (line 0), else a copy known at the key's line.
func (c *Config) listSetting(list []string, line int) source.Value[[]string] {
	if line == 0 {
		return source.Value[[]string]{}
	}
	loc := source.Loc{File: c.Path, Start: source.Pos{Line: line, Column: 1}, End: source.Pos{Line: line, Column: 1}}
	return source.Known(append([]string{}, list...), source.At(loc))
}
