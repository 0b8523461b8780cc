import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { Preflight } from 'cdk-preflight';

/**
 * The CDK app with the security rule packs registered as validation plugins:
 * a finding that is not acknowledged (with a reason, on the construct that
 * causes it) fails the synth, and the report lands in cdk.out. cdk-preflight
 * (enforce mode) fails it on CloudFormation constraints the schemas miss.
 */
export function createReferenceApp(props: AppProps = {}): App {
  const app = new App(props);
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
  );
  Preflight.apply(app, { enforce: true });
  return app;
}
