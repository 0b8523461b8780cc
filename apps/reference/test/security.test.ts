import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
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

describe('the rule packs fail on planted defects in any package\'s construct', () => {
  // GIVEN the whole architecture, every construct acknowledged at construction time
  const app = new App();
  const arch = new ReferenceArchitecture(app, productionConfig({}));
  // WHEN a wildcard statement, an unencrypted bucket and an open ingress are added afterwards
  const stepRole = arch.pipeline.pipeline.node.findChild('Functions').node.findChild('Step').node.findChild('ServiceRole') as iam.Role;
  stepRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  new s3.CfnBucket(arch.backups.bucket, 'Planted');
  const sg = new ec2.SecurityGroup(arch.data.database, 'PlantedSg', { vpc: arch.network.vpc });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(5432));
  const found = formatNagFindings(nagFindings(app));

  test('a wildcard added to the release step\'s role is reported by finding, despite its acknowledged wildcards', () => {
    expect(found).toContain('AwsSolutions-IAM5[Action::s3:*] Pipeline/Pipeline/Functions/Step/ServiceRole/DefaultPolicy/Resource');
  });

  test('an unencrypted bucket in the backups construct is reported', () => {
    expect(found).toMatch(/S3DefaultEncryptionKMS Backups\/BackupBucket\/Planted/);
  });

  test('an ingress from 0.0.0.0/0 next to the database is reported', () => {
    expect(found).toMatch(/AwsSolutions-EC23 Data\/Database\/PlantedSg\/Resource/);
  });
});
