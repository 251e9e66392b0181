package control

import (
	"regexp"
	"strings"

	"github.com/onus-sec/onus/model"
)

// texts is a control's wording as its package wrote it, with {{name}}
// placeholders for its parameters. It is kept so that a control rendered
// with the defaults (by the catalogue) can be rendered again with the
// values a scan uses.
type texts struct {
	title, checked string
	rem            Remediation
}

// Render fills the control's parameter placeholders ({{name}}) in its
// title, what-is-checked text and remediation with value(p): a title that
// says "kept for at least 7 days" has to say 14 when the organisation
// judges against 14, or a FAIL on a 10-day retention contradicts its own
// heading. In remediation snippets a number is raised to the nearest value
// AWS accepts for the setting (Param.Accepted), so the fix shown can be
// applied as written. Render may be called again with other values.
func (c *Control) Render(value func(Param) []int) {
	if c.text == nil {
		if !hasPlaceholder(c) {
			return
		}
		c.text = &texts{title: c.Title, checked: c.Checked, rem: c.Remediation}
	}
	t := c.text
	judge := make([]string, 0, 2*len(c.Params))
	fix := make([]string, 0, 2*len(c.Params))
	for _, p := range c.Params {
		ns := value(p)
		judge = append(judge, "{{"+p.Name+"}}", Join(ns))
		fix = append(fix, "{{"+p.Name+"}}", Join(p.accepted(ns)))
	}
	jr, fr := strings.NewReplacer(judge...), strings.NewReplacer(fix...)
	c.Title, c.Checked = jr.Replace(t.title), jr.Replace(t.checked)
	c.Remediation = Remediation{
		Summary:        jr.Replace(t.rem.Summary),
		Terraform:      fr.Replace(t.rem.Terraform),
		CloudFormation: fr.Replace(t.rem.CloudFormation),
		CLI:            fr.Replace(t.rem.CLI),
	}
}

// RenderDefaults renders every control with its parameters' defaults; the
// catalogue does this, so no placeholder reaches a user.
func RenderDefaults(cs []*Control) {
	for _, c := range cs {
		c.Render(Param.Defaults)
	}
}

// RenderFor renders every control with the values this scan judges
// against: the user's where .onus.yaml sets them, else the defaults.
func RenderFor(cs []*Control, e *model.Estate) {
	for _, c := range cs {
		c.Render(func(p Param) []int {
			ns, _, _ := p.Values(e)
			return ns
		})
	}
}

func hasPlaceholder(c *Control) bool {
	for _, s := range c.texts() {
		for _, p := range c.Params {
			if strings.Contains(s, "{{"+p.Name+"}}") {
				return true
			}
		}
	}
	return false
}

func (c *Control) texts() []string {
	return []string{c.Title, c.Checked, c.Remediation.Summary, c.Remediation.Terraform, c.Remediation.CloudFormation, c.Remediation.CLI}
}

// accepted raises each number to the smallest value AWS accepts for the
// setting, when the parameter lists them.
func (p Param) accepted(ns []int) []int {
	if len(p.Accepted) == 0 {
		return ns
	}
	out := make([]int, len(ns))
	for i, n := range ns {
		out[i] = n
		for _, a := range p.Accepted {
			if a >= n {
				out[i] = a
				break
			}
		}
	}
	return out
}

// placeholder is a parameter placeholder: {{snake_case}}. CloudFormation
// dynamic references ({{resolve:ssm:...}}) in remediation snippets are
// not placeholders.
var placeholder = regexp.MustCompile(`\{\{[a-z][a-z0-9_]*\}\}`)

// Placeholders lists the parameter placeholders left in the control's
// texts: after rendering there must be none.
func Placeholders(c *Control) []string {
	var out []string
	for _, s := range c.texts() {
		out = append(out, placeholder.FindAllString(s, -1)...)
	}
	return out
}
