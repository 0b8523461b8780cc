import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App } from 'aws-cdk-lib';
import { productionConfig } from '../src/config';
import { ReferenceArchitecture } from '../src/reference-architecture';

describe('security rule packs', () => {
  test('AwsSolutions, HIPAA Security and NIST 800-53 rev 5 find nothing unacknowledged in the whole architecture', () => {
    // GIVEN
    const app = new App();
    new ReferenceArchitecture(app, productionConfig({}));
    // WHEN
    const findings = nagFindings(app);
    // THEN
    expect(formatNagFindings(findings)).toBe('');
  });
});
