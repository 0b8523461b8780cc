module github.com/ebkit/ebkit-go-example

go 1.24

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.270.0
	github.com/aws/jsii-runtime-go v1.142.0
	github.com/ebkit/ebkit-go/ebkitbackups v0.1.0
	github.com/ebkit/ebkit-go/ebkitbeanstalkenv v0.1.0
	github.com/ebkit/ebkit-go/ebkitbluegreenpipeline v0.1.0
	github.com/ebkit/ebkit-go/ebkitcore v0.1.0
	github.com/ebkit/ebkit-go/ebkitdns v0.1.0
	github.com/ebkit/ebkit-go/ebkitrdspostgres v0.1.0
)

// The bindings jsii-pacmak generates (bindings/build.sh).
replace (
	github.com/ebkit/ebkit-go/ebkitbackups => ../../packages/backups/dist/go/ebkitbackups
	github.com/ebkit/ebkit-go/ebkitbeanstalkenv => ../../packages/beanstalk-env/dist/go/ebkitbeanstalkenv
	github.com/ebkit/ebkit-go/ebkitbluegreenpipeline => ../../packages/blue-green-pipeline/dist/go/ebkitbluegreenpipeline
	github.com/ebkit/ebkit-go/ebkitcore => ../../packages/core/dist/go/ebkitcore
	github.com/ebkit/ebkit-go/ebkitdns => ../../packages/dns/dist/go/ebkitdns
	github.com/ebkit/ebkit-go/ebkitrdspostgres => ../../packages/rds-postgres/dist/go/ebkitrdspostgres
)
