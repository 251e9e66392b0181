package terraform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/source"
)

// The SSL negotiation policy of a classic load balancer's HTTPS/SSL
// listener: mapLB gives every such listener AWS's default
// (elb.ClassicDefaultSSLPolicy); an aws_load_balancer_listener_policy or
// aws_lb_ssl_negotiation_policy that attaches a policy to its port replaces
// it; one whose load balancer, port or policy cannot be resolved makes the
// listeners it may configure UNKNOWN instead.

// classicPolicyDef is an aws_load_balancer_policy: a policy a listener
// policy may attach by name or reference.
type classicPolicyDef struct {
	r     *resInst
	name  source.Value[string]
	typ   source.Value[string]
	attrs []elb.SSLAttr
	// unknown says why the attributes cannot be read.
	unknown string
}

// classicListener is the join key of one listener port of a classic load
// balancer.
type classicListener struct {
	lb   *elb.LoadBalancer
	port int
}

const joinListenerPolicy = "elb-listener-policy"

func mapClassicPolicy(bd *builder, r *resInst) {
	d := &classicPolicyDef{r: r, name: r.body.str("policy_name", ""), typ: r.body.str("policy_type_name", "")}
	d.attrs, d.unknown = sslAttrs(r, "policy_attribute")
	bd.elbPolicies = append(bd.elbPolicies, d)
	bd.add(r, d)
}

// sslAttrs reads the name/value blocks of a policy; any unknown name or
// value makes the whole policy unknown, since it may be the one that
// enables a weak protocol.
func sslAttrs(r *resInst, block string) ([]elb.SSLAttr, string) {
	bs, reason := r.body.nested(block)
	if reason != "" {
		return nil, fmt.Sprintf("%s.%s blocks are unknown: %s", r.addr, block, reason)
	}
	var out []elb.SSLAttr
	for _, b := range bs {
		n, v := b.str("name", ""), b.str("value", "")
		name, ok := n.Get()
		if !ok {
			return nil, fmt.Sprintf("%s.%s name at %s is unknown: %s", r.addr, block, b.loc(), n.Reason())
		}
		val, ok := v.Get()
		if !ok {
			return nil, fmt.Sprintf("%s.%s %s at %s is unknown: %s", r.addr, block, name, b.loc(), v.Reason())
		}
		out = append(out, elb.SSLAttr{Name: name, Value: val, Prov: source.At(b.loc())})
	}
	return out, ""
}

// classicListenerPolicy reads aws_load_balancer_listener_policy: the
// policies (policy_names) of one listener port (load_balancer_port).
func classicListenerPolicy(bd *builder, r *resInst) {
	lb, port, ok := bd.classicTarget(r, "load_balancer_name", "load_balancer_port")
	if !ok {
		return
	}
	// Without an SSL negotiation policy among its policies the listener
	// is on AWS's default, as CloudFormation and live read it too.
	noSSL := func(l *elb.Listener) { l.SetClassicDefaultSSLPolicy(l.Prov) }
	a, ok := r.body.lookup("policy_names")
	if !ok {
		bd.setListenerPolicy(r, lb, port, noSSL)
		return
	}
	at := source.At(toLoc(a.rng))
	uv, _ := a.val.Unmark()
	if !uv.IsKnown() || uv.IsNull() || !uv.CanIterateElements() {
		bd.setListenerPolicy(r, lb, port, func(l *elb.Listener) {
			l.SetSSLPolicyUnknown(r.addr+".policy_names is unknown: "+reasonOf(a.val), at)
		})
		return
	}
	var apply func(*elb.Listener)
	var unknown []string
	for it := uv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		f, why := bd.classicPolicyOf(lb, e, at)
		switch {
		case why != "":
			unknown = append(unknown, why)
		case f != nil && apply == nil:
			apply = f
		}
	}
	switch {
	case len(unknown) > 0:
		// An unresolved name may be the SSL policy (or a second one).
		apply = func(l *elb.Listener) {
			l.SetSSLPolicyUnknown(r.addr+".policy_names: "+strings.Join(unknown, "; "), at)
		}
	case apply == nil:
		apply = noSSL
	}
	bd.setListenerPolicy(r, lb, port, apply)
}

// classicPolicyOf resolves one element of policy_names on lb: a reference
// to (or the name of) an aws_load_balancer_policy of lb, or a predefined
// ELBSecurityPolicy-* named directly. It returns how to set the listener
// (nil for a policy that is not an SSL negotiation policy), or why the
// element cannot be resolved.
func (bd *builder) classicPolicyOf(lb *elb.LoadBalancer, e cty.Value, at source.Prov) (func(*elb.Listener), string) {
	var def *classicPolicyDef
	for _, ref := range refsOf(e) {
		if d, ok := bd.byAddr[ref.Addr].(*classicPolicyDef); ok {
			def = d
		}
		switch addrType(ref.Addr) {
		case "aws_lb_cookie_stickiness_policy", "aws_app_cookie_stickiness_policy":
			return nil, "" // stickiness, not SSL negotiation
		}
	}
	if def == nil {
		if !e.IsWhollyKnown() {
			return nil, reasonOf(e)
		}
		plain, _ := e.UnmarkDeep()
		name, err := ctyString(plain)
		if err != nil || plain.IsNull() {
			return nil, "an element is not a string"
		}
		for _, d := range bd.elbPolicies {
			if n, ok := d.name.Get(); ok && n == name {
				o, found, reason := bd.target(d.r, "load_balancer_name", "aws_elb")
				if reason != "" {
					return nil, fmt.Sprintf("%s names %s, whose load balancer is unknown (%s)", name, d.r.addr, reason)
				}
				if found && o == lb {
					def = d
					break
				}
			}
		}
		if def == nil {
			if strings.HasPrefix(name, "ELBSecurityPolicy-") {
				return func(l *elb.Listener) {
					l.SetClassicSSLPolicy(name, []elb.SSLAttr{{Name: "Reference-Security-Policy", Value: name, Prov: at}}, at)
				}, ""
			}
			return nil, name + " is not an aws_load_balancer_policy of this configuration for the load balancer"
		}
	}
	typ, ok := def.typ.Get()
	switch {
	case !ok:
		return nil, def.r.addr + ".policy_type_name is unknown: " + def.typ.Reason()
	case typ != "SSLNegotiationPolicyType":
		return nil, ""
	case def.unknown != "":
		return nil, def.unknown
	}
	name, ok := def.name.Get()
	if !ok {
		name = def.r.addr
	}
	return func(l *elb.Listener) { l.SetClassicSSLPolicy(name, def.attrs, def.r.at()) }, ""
}

// classicSSLNegotiationPolicy reads aws_lb_ssl_negotiation_policy, which
// both defines a custom policy (attribute blocks) and attaches it to lb_port.
func classicSSLNegotiationPolicy(bd *builder, r *resInst) {
	lb, port, ok := bd.classicTarget(r, "load_balancer", "lb_port")
	if !ok {
		return
	}
	attrs, unknown := sslAttrs(r, "attribute")
	name, known := r.body.str("name", "").Get()
	if !known {
		name = r.addr
	}
	bd.setListenerPolicy(r, lb, port, func(l *elb.Listener) {
		if unknown != "" {
			l.SetSSLPolicyUnknown(unknown, r.at())
			return
		}
		l.SetClassicSSLPolicy(name, attrs, r.at())
	})
}

// classicTarget resolves the classic load balancer and listener port a
// policy attachment configures. When either is unknown, the listeners it
// may configure are marked UNKNOWN at the end (unless another attachment
// sets them) and ok is false; a load balancer outside this configuration
// is ignored.
func (bd *builder) classicTarget(r *resInst, lbAttr, portAttr string) (*elb.LoadBalancer, int, bool) {
	o, found, reason := bd.target(r, lbAttr, "aws_elb")
	if !found {
		if reason == "" && r.knownString(lbAttr) != "" {
			// A literal name: it may still be an aws_elb whose name is
			// unknown here.
			for _, lb := range bd.classicLBs() {
				// A name Terraform generates at apply cannot be a literal
				// written here; a name from an unknown value can.
				if !lb.Name.Known() && !strings.HasPrefix(lb.Name.Reason(), "name generated") {
					bd.mayConfigure(lb, fmt.Sprintf("%s.%s names %q and the load balancer's name is unknown (%s)", r.addr, lbAttr, r.knownString(lbAttr), lb.Name.Reason()))
				}
			}
		}
		if reason != "" {
			for _, lb := range bd.classicLBs() {
				bd.mayConfigure(lb, reason)
			}
		}
		return nil, 0, false
	}
	lb := o.(*elb.LoadBalancer)
	pv := r.body.integer(portAttr, 0)
	port, ok := pv.Get()
	if !ok {
		bd.mayConfigure(lb, fmt.Sprintf("%s.%s is unknown (%s)", r.addr, portAttr, pv.Reason()))
		return nil, 0, false
	}
	return lb, port, true
}

func (bd *builder) classicLBs() []*elb.LoadBalancer {
	var out []*elb.LoadBalancer
	for _, lb := range bd.est.LoadBalancers {
		if t, _ := lb.Type.Get(); t == "classic" && lb.Meta.Type == "aws_elb" {
			out = append(out, lb)
		}
	}
	return out
}

// mayConfigure records that an unresolved attachment may set the policy of
// any HTTPS/SSL listener of lb: those no resolved attachment sets become
// UNKNOWN at the end instead of keeping AWS's default.
func (bd *builder) mayConfigure(lb *elb.LoadBalancer, reason string) {
	bd.unresolvedJoin(joinListenerPolicy+" "+lb.Address, reason, func(f func(any)) {
		ls, _ := lb.Listeners.Get()
		for _, l := range ls {
			if isClassicTLS(l.Protocol) {
				f(classicListener{lb, l.Port})
			}
		}
	}, func(o any, why string) {
		k := o.(classicListener)
		eachListener(k.lb, k.port, func(l *elb.Listener) { l.SetSSLPolicyUnknown(why, l.Prov) })
	})
}

// setListenerPolicy applies set to lb's HTTPS/SSL listener on port. A
// listener whose own port is unknown may be that one, so it becomes UNKNOWN.
func (bd *builder) setListenerPolicy(r *resInst, lb *elb.LoadBalancer, port int, set func(*elb.Listener)) {
	bd.join(joinListenerPolicy+" "+lb.Address, classicListener{lb, port})
	eachListener(lb, port, set)
	if ls, ok := lb.Listeners.Get(); ok && len(bd.elbPortUnknown[lb]) == 0 &&
		!slices.ContainsFunc(ls, func(l elb.Listener) bool { return l.Port == port }) {
		// AWS would refuse the attachment (no such listener), so what is
		// deployed is not what the code says.
		bd.mayConfigure(lb, fmt.Sprintf("%s attaches a policy to port %d, which no listener of %s has", r.addr, port, lb.Address))
	}
	for i, why := range bd.elbPortUnknown[lb] {
		ls, _ := lb.Listeners.Get()
		if i < len(ls) {
			ls[i].SetSSLPolicyUnknown(fmt.Sprintf("lb_port is unknown (%s) and %s attaches a policy to port %s", why, r.addr, strconv.Itoa(port)), ls[i].Prov)
		}
	}
}

// eachListener calls f on lb's HTTPS/SSL listeners on port, in place (the
// builder owns the slice until the estate is returned), and counts them.
func eachListener(lb *elb.LoadBalancer, port int, f func(*elb.Listener)) int {
	ls, ok := lb.Listeners.Get()
	if !ok {
		return 0
	}
	n := 0
	for i := range ls {
		if ls[i].Port == port && isClassicTLS(ls[i].Protocol) {
			f(&ls[i])
			n++
		}
	}
	return n
}

func isClassicTLS(p string) bool { return p == "HTTPS" || p == "SSL" }
