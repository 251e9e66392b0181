package cloudformation

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-sec/onus/collect/snapshot"
)

// FuzzLoad feeds arbitrary bytes to the reader: it must never panic or
// hang, and every diagnostic must name the file. Run it with
// -fuzzminimizetime 1s: the seeds are whole example templates, and
// minimising each new input found from them takes the default minute, during
// which the progress line shows no executions.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(examples, "*"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(header + "!Sub [\"${A}\", {A: !GetAtt [Bucket, Arn]}]\n"))
	f.Add([]byte(joinTemplate))
	f.Add([]byte("Resources:\n  A: &a\n    Type: AWS::SNS::Topic\n    Properties: {X: *a}\n"))
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: !Select [0, !Cidr [10.0.0.0/8, 256, 1]]\n"))
	f.Add([]byte("Conditions:\n  A: !Or [!Condition A, !Condition A]\nResources:\n  X: {Type: AWS::S3::Bucket, Condition: A}\n"))
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": [1]}}}}}`))
	// SAM's generated execution role from odd Policies, destinations and events.
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: {Policies: [x], Tracing: [1]}}\nResources:\n  F:\n    Type: AWS::Serverless::Function\n" +
		"    Properties:\n      Policies: [42, {S3ReadPolicy: x}, [a], {A: 1, B: 2}, !Ref X, {S3CrudPolicy: {BucketName: [b]}}, {Statement: 3}]\n" +
		"      DeadLetterQueue: {Type: 1}\n      EventInvokeConfig: {DestinationConfig: {OnFailure: [x], OnSuccess: {Type: SQS}}}\n" +
		"      Events: {E: {Type: SQS}, K: {Type: MSK, Properties: {SourceAccessConfigurations: 5, DestinationConfig: {OnFailure: {Type: SNS}}}}}\n" +
		"Outputs: {R: {Value: !GetAtt FRole.Arn}}\n"))
	// One worker's memory, reused across inputs as a directory load does:
	// whatever an input leaves in it must not change the next template.
	var sc scratch
	var fresh bytes.Buffer
	e, d, _ := loadBytes("next.yaml", []byte(joinTemplate), &options{params: map[string]string{}}, true, nil)
	if err := snapshot.Write(&fresh, e, d); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, diags, _ := loadBytes("f.yaml", data, &options{params: map[string]string{}}, true, &sc)
		for _, d := range diags {
			if d.Subject.File != "f.yaml" {
				t.Fatalf("diagnostic without the file: %v", d)
			}
		}
		e, d, _ := loadBytes("next.yaml", []byte(joinTemplate), &options{params: map[string]string{}}, true, &sc)
		var got bytes.Buffer
		if err := snapshot.Write(&got, e, d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), fresh.Bytes()) {
			t.Fatalf("a template read after %q in reused memory differs from a fresh read", data)
		}
	})
}
