// A small Go program that uses the Go bindings jsii-pacmak builds into
// packages/*/dist/go: a database and a Beanstalk environment that reaches it,
// then checks the synthesized template. Exits non-zero on failure.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"
	"github.com/ebkit/ebkit-go/ebkitbeanstalkenv"
	"github.com/ebkit/ebkit-go/ebkitrdspostgres"
)

var passed, failed int

func check(name string, assertion func()) {
	defer func() {
		if r := recover(); r != nil {
			failed++
			fmt.Printf("FAIL %s: %v\n", name, r)
		}
	}()
	assertion()
	passed++
	fmt.Printf("ok   %s\n", name)
}

func main() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("GoExample"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("us-east-1")},
	})
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		AvailabilityZones: jsii.Strings("us-east-1a", "us-east-1b"),
		NatGateways:       jsii.Number(1),
	})

	database := ebkitrdspostgres.NewPostgresDatabase(stack, jsii.String("Database"), &ebkitrdspostgres.PostgresDatabaseProps{Vpc: vpc})
	application := ebkitbeanstalkenv.NewBeanstalkApplication(stack, jsii.String("Application"), &ebkitbeanstalkenv.BeanstalkApplicationProps{})
	web := ebkitbeanstalkenv.NewBeanstalkEnvironment(stack, jsii.String("Web"), &ebkitbeanstalkenv.BeanstalkEnvironmentProps{
		Application:          application,
		Vpc:                  vpc,
		Platform:             ebkitbeanstalkenv.Platform_NODEJS_22(),
		EnvironmentVariables: database.ConnectionEnvironment(),
		EnvironmentSecrets:   database.SecretEnvironment(),
	})
	database.AllowConnectionsFrom(web)

	template := assertions.Template_FromStack(stack, nil)
	check("one encrypted Multi-AZ PostgreSQL instance", func() {
		template.HasResourceProperties(jsii.String("AWS::RDS::DBInstance"), map[string]interface{}{
			"Engine": "postgres", "StorageEncrypted": true, "MultiAZ": true, "DeletionProtection": true,
		})
	})
	check("one Beanstalk environment behind an application load balancer", func() {
		template.ResourceCountIs(jsii.String("AWS::ElasticBeanstalk::Environment"), jsii.Number(1))
		template.HasResourceProperties(jsii.String("AWS::ElasticBeanstalk::Environment"), map[string]interface{}{
			"OptionSettings": assertions.Match_ArrayWith(&[]interface{}{map[string]interface{}{
				"Namespace": "aws:elasticbeanstalk:environment", "OptionName": "LoadBalancerType", "Value": "application",
			}}),
		})
	})
	check("the environment's cname is the stable Beanstalk name", func() {
		if !strings.HasSuffix(*web.Cname(), ".us-east-1.elasticbeanstalk.com") {
			panic("cname was " + *web.Cname())
		}
	})

	fmt.Printf("go: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
