import { CheckovSkips } from '@ebkit/core';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { IConstruct } from 'constructs';

/** CloudFront only uses ACM certificates of this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * The region of a certificate: from its ARN when the ARN is known (an imported certificate), else
 * from the stack that creates it. `undefined` when neither is known at synth time.
 */
export function certificateRegion(certificate: acm.ICertificate): string | undefined {
  if (!Token.isUnresolved(certificate.certificateArn)) {
    // arn:<partition>:acm:<region>:<account>:certificate/<id>
    return certificate.certificateArn.split(':')[3];
  }
  const region = Stack.of(certificate).region;
  return Token.isUnresolved(region) ? undefined : region;
}

/**
 * Acknowledges the cdk-nag findings every ebkit CloudFront distribution shares: no geo restriction
 * and no WAF, because it serves one fixed answer (a page or a redirect) to everyone.
 */
export function acknowledgeEdgeFindings(distribution: IConstruct, what: string): void {
  const reason = `the distribution only ${what}: it reaches no application code and handles no user data`;
  Validations.of(distribution).acknowledge(
    { id: 'AwsSolutions-CFR1', reason: `${reason}, so there is nothing to restrict by country` },
    { id: 'AwsSolutions-CFR2', reason: `${reason}, so there is nothing for a WAF to protect` },
  );
  CheckovSkips.add(distribution, [{ id: 'CKV_AWS_68', comment: `${reason}, so there is nothing for a WAF to protect` }]);
}
