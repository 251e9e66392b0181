package awscollect

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/onus-sec/onus/model"
	mec2 "github.com/onus-sec/onus/model/ec2"
)

// ec2xResponses are recorded answers (EC2 API reference shapes) for the
// reads the emulator lacks or answers only in part: VPN telemetry and
// tunnel log options, Client VPN endpoints, Spot Fleet launch
// specifications, and VPC Block Public Access.
var ec2xResponses = map[string]string{
	"DescribeVpnConnections": `<vpnConnectionSet>
  <item><vpnConnectionId>vpn-1</vpnConnectionId><state>available</state>
    <vgwTelemetry>
      <item><outsideIpAddress>198.51.100.1</outsideIpAddress><status>UP</status></item>
      <item><outsideIpAddress>198.51.100.2</outsideIpAddress><status>DOWN</status><statusMessage>IPSEC IS DOWN</statusMessage></item>
    </vgwTelemetry>
    <options><tunnelOptionSet>
      <item><outsideIpAddress>198.51.100.1</outsideIpAddress><logOptions><cloudWatchLogOptions><logEnabled>true</logEnabled></cloudWatchLogOptions></logOptions></item>
      <item><outsideIpAddress>198.51.100.2</outsideIpAddress></item>
    </tunnelOptionSet></options>
  </item>
  <item><vpnConnectionId>vpn-2</vpnConnectionId><state>deleted</state></item>
</vpnConnectionSet>`,
	"DescribeClientVpnEndpoints": `<clientVpnEndpoint>
  <item><clientVpnEndpointId>cvpn-endpoint-1</clientVpnEndpointId><status><code>available</code></status>
    <connectionLogOptions><enabled>true</enabled><cloudwatchLogGroup>client-vpn</cloudwatchLogGroup></connectionLogOptions></item>
  <item><clientVpnEndpointId>cvpn-endpoint-2</clientVpnEndpointId><status><code>available</code></status>
    <connectionLogOptions><enabled>false</enabled></connectionLogOptions></item>
</clientVpnEndpoint>`,
	"DescribeSpotFleetRequests": `<spotFleetRequestConfigSet>
  <item><spotFleetRequestId>sfr-1</spotFleetRequestId><spotFleetRequestState>active</spotFleetRequestState>
    <spotFleetRequestConfig><launchSpecifications>
      <item><imageId>ami-1</imageId><blockDeviceMapping>
        <item><deviceName>/dev/xvda</deviceName><ebs><encrypted>true</encrypted></ebs></item>
        <item><deviceName>/dev/xvdb</deviceName><ebs><volumeSize>100</volumeSize></ebs></item>
        <item><deviceName>/dev/sdc</deviceName><virtualName>ephemeral0</virtualName></item>
      </blockDeviceMapping></item>
    </launchSpecifications></spotFleetRequestConfig></item>
  <item><spotFleetRequestId>sfr-2</spotFleetRequestId><spotFleetRequestState>active</spotFleetRequestState>
    <spotFleetRequestConfig><launchTemplateConfigs><item><launchTemplateSpecification><launchTemplateId>lt-1</launchTemplateId></launchTemplateSpecification></item></launchTemplateConfigs></spotFleetRequestConfig></item>
  <item><spotFleetRequestId>sfr-3</spotFleetRequestId><spotFleetRequestState>cancelled</spotFleetRequestState></item>
</spotFleetRequestConfigSet>`,
	"DescribeVpcBlockPublicAccessOptions": `<vpcBlockPublicAccessOptions><awsRegion>us-east-1</awsRegion><internetGatewayBlockMode>block-ingress</internetGatewayBlockMode><state>default-state</state></vpcBlockPublicAccessOptions>`,
}

func ec2xServer(t *testing.T, deny map[string]bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("bad request: %v", err)
		}
		action := r.Form.Get("Action")
		w.Header().Set("Content-Type", "text/xml")
		body, ok := ec2xResponses[action]
		switch {
		case deny[action]:
			w.WriteHeader(403)
			fmt.Fprint(w, `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error></Errors><RequestID>r1</RequestID></Response>`)
		case !ok:
			t.Errorf("unexpected call %s", action)
			w.WriteHeader(400)
			fmt.Fprint(w, `<Response><Errors><Error><Code>InvalidAction</Code><Message>no</Message></Error></Errors><RequestID>r1</RequestID></Response>`)
		default:
			fmt.Fprintf(w, `<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId>%s</%sResponse>`, action, body, action)
		}
	}))
}

func ec2xEstate(t *testing.T, deny map[string]bool) *model.Estate {
	t.Helper()
	srv := ec2xServer(t, deny)
	defer srv.Close()
	r := recordedRun(t, srv.URL)
	e := &model.Estate{}
	r.ec2xApply(e, "us-east-1", r.ec2xList(context.Background(), "us-east-1", ec2.NewFromConfig(r.cfg)))
	return e
}

func TestRecordedEC2x(t *testing.T) {
	const arn = "arn:aws:ec2:us-east-1:123456789012:"
	e := ec2xEstate(t, nil)
	runChecks(t, e, []check{
		{"one live VPN connection", func(e *model.Estate) any { return len(e.VPNConnections) }, 1},
		{"telemetry", func(e *model.Estate) any { return val(get(e.VPNConnections, arn+"vpn-connection/vpn-1").TunnelStatus) },
			[]mec2.VPNTunnelStatus{{OutsideIP: "198.51.100.1", Status: "UP"}, {OutsideIP: "198.51.100.2", Status: "DOWN", StatusMessage: "IPSEC IS DOWN"}}},
		{"tunnel logging", func(e *model.Estate) any { return val(get(e.VPNConnections, arn+"vpn-connection/vpn-1").TunnelLogging) }, []bool{true, false}},
		{"client vpn", func(e *model.Estate) any {
			return [2]any{val(get(e.ClientVPNEndpoints, "cvpn-endpoint-1").ConnectionLogging), val(get(e.ClientVPNEndpoints, "cvpn-endpoint-2").ConnectionLogging)}
		}, [2]any{true, false}},
		{"fleets (cancelled skipped)", func(e *model.Estate) any { return len(e.SpotFleetRequests) }, 2},
		{"fleet with launch specifications", func(e *model.Estate) any {
			f := get(e.SpotFleetRequests, "spot-fleet-request/sfr-1")
			return [2]any{val(f.LaunchSpecifications), val(f.UnencryptedVolumes)}
		}, [2]any{1, []string{"LaunchSpecifications[0] /dev/xvdb"}}},
		{"fleet with templates", func(e *model.Estate) any {
			return val(get(e.SpotFleetRequests, "spot-fleet-request/sfr-2").LaunchSpecifications)
		}, 0},
		{"block public access", func(e *model.Estate) any {
			return [2]any{len(e.VPCBlockPublicAccess), val(e.VPCBlockPublicAccess[0].InternetGatewayBlockMode)}
		}, [2]any{1, "block-ingress"}},
		{"no gaps", func(e *model.Estate) any { return len(e.Gaps) }, 0},
	})

	// Denied: a listing records a gap and lists nothing; the region's
	// Block Public Access setting is UNKNOWN, not off.
	d := ec2xEstate(t, map[string]bool{"DescribeClientVpnEndpoints": true, "DescribeVpcBlockPublicAccessOptions": true})
	runChecks(t, d, []check{
		{"no endpoints", func(e *model.Estate) any { return len(e.ClientVPNEndpoints) }, 0},
		{"gap", func(e *model.Estate) any {
			why, ok := e.ListingGap("AWS::EC2::ClientVpnEndpoint", "us-east-1")
			return [2]any{ok, why}
		}, [2]any{true, "ec2:DescribeClientVpnEndpoints: UnauthorizedOperation (permission denied)"}},
		{"bpa unknown", func(e *model.Estate) any {
			m := d.VPCBlockPublicAccess[0].InternetGatewayBlockMode
			return [2]any{val(m), m.Reason()}
		}, [2]any{"UNKNOWN", "ec2:DescribeVpcBlockPublicAccessOptions: UnauthorizedOperation (permission denied)"}},
		{"others still read", func(e *model.Estate) any { return [2]int{len(e.VPNConnections), len(e.SpotFleetRequests)} }, [2]int{1, 2}},
	})
}

func TestStateTransitionTime(t *testing.T) {
	for reason, want := range map[string]any{
		"User initiated (2017-02-28 07:33:36 GMT)": "2017-02-28T07:33:36Z",
		"User initiated (2026-11-26 08:51:25 UTC)": "2026-11-26T08:51:25Z",
		"":                               "UNKNOWN",
		"Server.SpotInstanceTermination": "UNKNOWN",
		"User initiated (2017-13-45 07:33:36 GMT)": "UNKNOWN",
	} {
		if got := val(stateTransitionTime(reason, recordedRun(t, "http://127.0.0.1:1").origin("ec2:DescribeInstances", "us-east-1", ""))); got != want {
			t.Errorf("%q: got %v, want %v", reason, got, want)
		}
	}
}
