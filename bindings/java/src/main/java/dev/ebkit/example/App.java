package dev.ebkit.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ebkit.beanstalkenv.BeanstalkApplication;
import dev.ebkit.beanstalkenv.BeanstalkEnvironment;
import dev.ebkit.beanstalkenv.Platform;
import dev.ebkit.rdspostgres.PostgresDatabase;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * Uses the ebkit Java bindings: a database and a Beanstalk environment that
 * reaches it, then checks the synthesized template. Exits non-zero on failure.
 */
public final class App {
    private static final List<String> failures = new ArrayList<>();
    private static int passed = 0;

    private static void check(String name, Runnable assertion) {
        try {
            assertion.run();
            passed++;
            System.out.println("ok   " + name);
        } catch (RuntimeException e) {
            failures.add(name);
            System.out.println("FAIL " + name + ": " + e.getMessage());
        }
    }

    public static void main(final String[] args) {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        Stack stack = new Stack(app, "JavaExample", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build())
                .build());
        Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                .availabilityZones(List.of("us-east-1a", "us-east-1b"))
                .natGateways(1)
                .build();

        PostgresDatabase database = PostgresDatabase.Builder.create(stack, "Database").vpc(vpc).build();
        BeanstalkApplication application = BeanstalkApplication.Builder.create(stack, "Application").build();
        BeanstalkEnvironment web = BeanstalkEnvironment.Builder.create(stack, "Web")
                .application(application)
                .vpc(vpc)
                .platform(Platform.NODEJS_22)
                .environmentVariables(database.connectionEnvironment())
                .environmentSecrets(database.secretEnvironment())
                .build();
        database.allowConnectionsFrom(web);

        Template template = Template.fromStack(stack);
        check("one encrypted Multi-AZ PostgreSQL instance", () -> template.hasResourceProperties("AWS::RDS::DBInstance",
                Map.of("Engine", "postgres", "StorageEncrypted", true, "MultiAZ", true, "DeletionProtection", true)));
        check("one Beanstalk environment behind an application load balancer", () -> {
            template.resourceCountIs("AWS::ElasticBeanstalk::Environment", 1);
            template.hasResourceProperties("AWS::ElasticBeanstalk::Environment", Map.of("OptionSettings",
                    Match.arrayWith(List.of(Map.of("Namespace", "aws:elasticbeanstalk:environment",
                            "OptionName", "LoadBalancerType", "Value", "application")))));
        });
        check("the database secret reaches the environment as a secret", () ->
                template.hasResourceProperties("AWS::ElasticBeanstalk::Environment", Map.of("OptionSettings",
                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Namespace", "aws:elasticbeanstalk:application:environmentsecrets",
                                "OptionName", "DB_SECRET")))))));
        check("the environment's cname is the stable Beanstalk name", () -> {
            if (!web.getCname().endsWith(".us-east-1.elasticbeanstalk.com")) {
                throw new IllegalStateException("cname was " + web.getCname());
            }
        });
        check("bad input fails with the construct path, prop and value", () -> {
            try {
                BeanstalkEnvironment.Builder.create(stack, "Bad").application(application).vpc(vpc)
                        .platform(Platform.NODEJS_22).minInstances(5).maxInstances(2).build();
                throw new IllegalStateException("no error for minInstances > maxInstances");
            } catch (RuntimeException e) {
                if (!e.getMessage().contains("JavaExample/Bad") || !e.getMessage().contains("minInstances")) {
                    throw new IllegalStateException("unexpected message: " + e.getMessage());
                }
            }
        });

        System.out.println("java: " + passed + " passed, " + failures.size() + " failed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
