package control

import (
	"slices"
	"testing"
)

func TestRender(t *testing.T) {
	days := Param{Control: "X-1", Name: "min_days", Unit: "days", Default: 365, Min: 1, Max: 3653,
		Accepted: []int{1, 30, 365, 400, 3653}}
	ports := Param{Control: "X-1", Name: "ports", Unit: "ports", List: true, DefaultList: []int{80, 443}, Max: 65535}
	c := &Control{ID: "X-1", Title: "kept {{min_days}} days; open {{ports}}", Checked: "at least {{min_days}}",
		Params: []Param{days, ports},
		Remediation: Remediation{Summary: "keep {{min_days}} days", Terraform: "retention = {{min_days}}",
			CloudFormation: "Retention: {{min_days}}", CLI: "--days {{min_days}} # {literal} ${x}"}}
	RenderDefaults([]*Control{c})
	if c.Title != "kept 365 days; open 80, 443" || c.Checked != "at least 365" || c.Remediation.CLI != "--days 365 # {literal} ${x}" {
		t.Errorf("defaults: %q / %q / %q", c.Title, c.Checked, c.Remediation.CLI)
	}
	// Rendered again with a user's values, from the kept wording: the
	// judged number as written, the fix raised to a value AWS accepts.
	c.Render(func(p Param) []int {
		if p.Name == "min_days" {
			return []int{100}
		}
		return []int{22, 1020, 1021, 1022}
	})
	want := Control{Title: "kept 100 days; open 22, 1020-1022", Checked: "at least 100",
		Remediation: Remediation{Summary: "keep 100 days", Terraform: "retention = 365", CloudFormation: "Retention: 365", CLI: "--days 365 # {literal} ${x}"}}
	if c.Title != want.Title || c.Checked != want.Checked || c.Remediation != want.Remediation {
		t.Errorf("custom: %q / %q / %+v", c.Title, c.Checked, c.Remediation)
	}
	if got := Placeholders(c); len(got) != 0 {
		t.Errorf("placeholders left: %v", got)
	}
	// A control without placeholders is left exactly as written.
	plain := &Control{ID: "X-2", Title: "plain {x}", Params: []Param{days}}
	plain.Render(Param.Defaults)
	if plain.Title != "plain {x}" || plain.text != nil {
		t.Errorf("plain control changed: %q", plain.Title)
	}
}

func TestPlaceholders(t *testing.T) {
	c := &Control{Title: "a {{x}} b {{y_z}}", Remediation: Remediation{CLI: "c {{z", CloudFormation: "{{resolve:ssm:/a/b}}"}}
	if got, want := Placeholders(c), []string{"{{x}}", "{{y_z}}"}; !slices.Equal(got, want) {
		t.Errorf("Placeholders = %q, want %q", got, want)
	}
}

func TestAccepted(t *testing.T) {
	p := Param{Accepted: []int{1, 3, 5, 7, 14, 30}}
	if got := p.accepted([]int{1, 2, 8, 30, 31}); !slices.Equal(got, []int{1, 3, 14, 30, 31}) {
		t.Errorf("accepted = %v", got)
	}
	if got := (Param{}).accepted([]int{9}); !slices.Equal(got, []int{9}) {
		t.Errorf("no accepted list: %v", got)
	}
}
