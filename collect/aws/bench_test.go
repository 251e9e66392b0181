package awscollect

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/onus-sec/onus/internal/testaws"
)

var benchRegions = []string{"ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1"}

// provisionMany creates a few hundred resources over four regions: per
// region 20 security groups, 20 volumes, 10 queues and 5 buckets.
func provisionMany(b *testing.B, endpoint string) int {
	b.Helper()
	ctx := context.Background()
	cfg := sdkConfig(b, endpoint)
	u := uniqueSuffix()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	var mu sync.Mutex
	var firstErr error
	n := 0
	do := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := f()
			mu.Lock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if err == nil {
				n++
			}
			mu.Unlock()
		}()
	}
	for _, region := range benchRegions {
		ec := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.Region = region })
		sq := sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.Region = region })
		sc := s3.NewFromConfig(cfg, func(o *s3.Options) { o.Region = region; o.UsePathStyle = true })
		for i := 0; i < 20; i++ {
			do(func() error {
				_, err := ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(fmt.Sprintf("b%s-%d", u, i)), Description: aws.String("bench")})
				return err
			})
			do(func() error {
				_, err := ec.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String(region + "a"), Size: aws.Int32(1)})
				return err
			})
		}
		for i := 0; i < 10; i++ {
			do(func() error {
				_, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(fmt.Sprintf("b%s-%d", u, i))})
				return err
			})
		}
		for i := 0; i < 5; i++ {
			do(func() error {
				in := &s3.CreateBucketInput{Bucket: aws.String(fmt.Sprintf("b%s-%s-%d", u, region, i))}
				if region != "us-east-1" {
					in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
				}
				_, err := sc.CreateBucket(ctx, in)
				return err
			})
		}
	}
	wg.Wait()
	if firstErr != nil {
		b.Fatalf("provisioning: %v", firstErr)
	}
	return n
}

// BenchmarkCollectLatency collects four regions with 50 ms added to every
// call: the wall time should track calls ÷ concurrency × latency, not
// calls × latency. Reported metrics let BENCHMARKS.md compare the two.
func BenchmarkCollectLatency(b *testing.B) {
	url := emu.URL(b)
	created := provisionMany(b, url)
	for _, c := range []struct {
		name    string
		latency time.Duration
	}{{"no-latency", 0}, {"latency-50ms", 50 * time.Millisecond}} {
		b.Run(c.name, func(b *testing.B) {
			var rules []testaws.Rule
			if c.latency > 0 {
				rules = append(rules, testaws.Rule{Probability: 1, Fault: testaws.Latency, Latency: c.latency})
			}
			p, err := testaws.NewProxy(url, 1, rules...)
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			opts := testOptions(p.URL)
			opts.Regions = benchRegions
			var resources int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e, _, err := Collect(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				resources = 0
				for _, n := range e.ServiceCounts() {
					resources += n
				}
			}
			b.StopTimer()
			total, _ := p.Stats()
			calls := float64(total) / float64(b.N)
			conc := 16.0
			b.ReportMetric(calls, "calls/op")
			b.ReportMetric(float64(resources), "resources")
			b.ReportMetric(float64(created), "provisioned")
			b.ReportMetric(calls/conc*float64(c.latency.Milliseconds()), "bound-ms/op")
			b.ReportMetric(calls*float64(c.latency.Milliseconds()), "serial-ms/op")
		})
	}
}
