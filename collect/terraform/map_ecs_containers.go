package terraform

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// unknownLeaf stands for a value inside container_definitions that is not
// known before apply (a variable without a value, a computed attribute);
// why names it.
type unknownLeaf struct{ why string }

// containers reads container_definitions: a JSON string, or jsonencode of
// a structure that may hold values known only at apply. An unknown
// environment value is unknown for that variable alone, as in the
// CloudFormation reader (a credential under a credential-like name would
// still land in clear in the task definition); an unknown flag, user or
// log driver, which the controls judge per container, makes the whole
// list unknown.
func containers(b *evBlock, at source.Prov) source.Value[[]ecs.Container] {
	a, ok := b.lookup("container_definitions")
	if !ok {
		return source.Unknown[[]ecs.Container]("container_definitions not set", at)
	}
	p := source.At(toLoc(a.rng))
	uv, marks := a.val.Unmark()
	var g any
	switch {
	case uv.IsKnown():
		plain, _ := uv.UnmarkDeep()
		s, err := ctyString(plain)
		if err != nil || plain.IsNull() {
			return source.Unknown[[]ecs.Container]("container_definitions is not a JSON string", p)
		}
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if err := d.Decode(&g); err != nil {
			return source.Unknown[[]ecs.Container]("container_definitions is not valid JSON: "+err.Error(), p)
		}
	default:
		g = unknownLeaf{reasonOf(a.val)}
		for m := range marks {
			if d, ok := m.(*deferredJSON); ok && d.policy == nil {
				g = leaves(d.val)
			}
		}
	}
	return containerList(g, p)
}

// leaves converts v to Go values as encoding/json would decode its JSON,
// with an unknownLeaf for each value not known before apply.
func leaves(v cty.Value) any {
	uv, marks := v.Unmark()
	if !uv.IsKnown() {
		for m := range marks {
			// A nested jsonencode is a JSON string whose text waits on
			// its unknowns: unknown as a whole.
			if _, ok := m.(*deferredJSON); ok {
				return unknownLeaf{"a nested jsonencode holds values known only at apply: " + reasonOf(v)}
			}
		}
		return unknownLeaf{reasonOf(v)}
	}
	if uv.IsNull() {
		return nil
	}
	ty := uv.Type()
	switch {
	case ty == cty.String:
		return uv.AsString()
	case ty == cty.Bool:
		return uv.True()
	case ty == cty.Number:
		return json.Number(uv.AsBigFloat().Text('f', -1))
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, leaves(e))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = leaves(e)
		}
		return out
	}
	return unknownLeaf{"a value of type " + ty.FriendlyName() + " cannot be read"}
}

// field is key's value in a container definition object. The AWS provider
// decodes container_definitions with encoding/json, which matches keys
// without regard to case (an exact match first), so "Privileged" counts
// as "privileged".
func field(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// jsonText reads a string field: "" when absent or null, why != "" when it
// is unknown or not text.
func jsonText(m map[string]any, key string) (s, why string) {
	v, _ := field(m, key)
	switch x := v.(type) {
	case nil:
		return "", ""
	case string:
		return x, ""
	case json.Number:
		return x.String(), ""
	case bool:
		return fmt.Sprint(x), ""
	case unknownLeaf:
		return "", x.why
	}
	return "", "not a string"
}

func jsonFlag(m map[string]any, key string) (b bool, why string) {
	v, _ := field(m, key)
	switch x := v.(type) {
	case nil:
		return false, ""
	case bool:
		return x, ""
	case unknownLeaf:
		return false, x.why
	}
	return false, "not a boolean"
}

func containerList(g any, p source.Prov) source.Value[[]ecs.Container] {
	bad := func(format string, args ...any) source.Value[[]ecs.Container] {
		return source.Unknown[[]ecs.Container](fmt.Sprintf(format, args...), p)
	}
	if u, ok := g.(unknownLeaf); ok {
		return bad("%s", u.why)
	}
	list, ok := g.([]any)
	if !ok {
		return bad("container_definitions is not a JSON list")
	}
	out := []ecs.Container{}
	for i, item := range list {
		if u, ok := item.(unknownLeaf); ok {
			return bad("container definition %d: %s", i, u.why)
		}
		m, ok := item.(map[string]any)
		if !ok {
			return bad("container definition %d is not an object", i)
		}
		name, why := jsonText(m, "name")
		if why != "" {
			name = fmt.Sprintf("#%d (name unknown: %s)", i, why)
		}
		c := ecs.Container{Name: name, Prov: p}
		// The image is not judged; an unknown one stays empty.
		c.Image, _ = jsonText(m, "image")
		for _, f := range []struct {
			key string
			dst *bool
		}{{"privileged", &c.Privileged}, {"readonlyRootFilesystem", &c.ReadonlyRootFilesystem}} {
			if *f.dst, why = jsonFlag(m, f.key); why != "" {
				return bad("container %s %s: %s", name, f.key, why)
			}
		}
		if c.User, why = jsonText(m, "user"); why != "" {
			return bad("container %s user: %s", name, why)
		}
		if lc, _ := field(m, "logConfiguration"); lc != nil {
			switch x := lc.(type) {
			case unknownLeaf:
				return bad("container %s logConfiguration: %s", name, x.why)
			case map[string]any:
				if c.LogDriver, why = jsonText(x, "logDriver"); why != "" {
					return bad("container %s logConfiguration.logDriver: %s", name, why)
				}
			default:
				return bad("container %s logConfiguration is not an object", name)
			}
		}
		c.Environment = environment(m, p)
		secs, _ := field(m, "secrets")
		if l, ok := secs.([]any); ok {
			for _, s := range l {
				if sm, ok := s.(map[string]any); ok {
					vf, why := jsonText(sm, "valueFrom")
					if why != "" {
						vf = "(unknown: " + why + ")"
					}
					c.Secrets = append(c.Secrets, vf)
				}
			}
		}
		out = append(out, c)
	}
	return source.Known(out, p)
}

// environment reads a container's environment list: a variable whose name
// or value is unknown keeps why in Unknown; a whole list that is unknown is
// one variable without a name.
func environment(m map[string]any, p source.Prov) []ecs.EnvVar {
	env, _ := field(m, "environment")
	var out []ecs.EnvVar
	switch x := env.(type) {
	case nil:
		return nil
	case unknownLeaf:
		return []ecs.EnvVar{{Unknown: "environment: " + x.why, Prov: p}}
	case []any:
		for i, e := range x {
			switch y := e.(type) {
			case unknownLeaf:
				out = append(out, ecs.EnvVar{Unknown: fmt.Sprintf("environment[%d]: %s", i, y.why), Prov: p})
			case map[string]any:
				ev := ecs.EnvVar{Prov: p}
				name, why := jsonText(y, "name")
				if why != "" {
					ev.Unknown = fmt.Sprintf("environment[%d] name: %s", i, why)
					out = append(out, ev)
					continue
				}
				ev.Name = name
				if ev.Value, why = jsonText(y, "value"); why != "" {
					ev.Unknown = why
				}
				out = append(out, ev)
			default:
				out = append(out, ecs.EnvVar{Unknown: fmt.Sprintf("environment[%d] is not an object", i), Prov: p})
			}
		}
		return out
	}
	return []ecs.EnvVar{{Unknown: "environment is not a list", Prov: p}}
}
