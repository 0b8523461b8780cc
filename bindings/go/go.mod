module github.com/ebkit/ebkit-go-example

go 1.26.0

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

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/aws/constructs-go/constructs/v10 v10.8.1 // indirect
	github.com/cdklabs/awscdk-asset-awscli-go/awscliv1/v2 v2.2.292 // indirect
	github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2 v2.1.3 // indirect
	github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v54 v54.11.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/telemetry v0.0.0-20261009151841-97e8ea77aa2a // indirect
	golang.org/x/tools v0.52.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
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
