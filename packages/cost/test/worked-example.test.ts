import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from '../src/assembly';
import { estimate } from '../src/estimate';
import { loadUsageProfile } from '../src/profile';
import { synthReferenceApp } from './fixtures/reference-app';
import { HOURS, price } from './util';

/**
 * The README's worked example: the fixture architecture under examples/default-profile.yaml,
 * reproduced by hand from the price table with the formulas the README shows.
 */
describe('worked example', () => {
  const GB = 1024 * 1024; // KB per GB
  const requests = 10_000_000;

  const fixed = {
    natAndIp: HOURS * price('nat.hour') + HOURS * price('ipv4.hour'),
    database: HOURS * price('rds.postgres.db.t4g.small') + 20 * price('rds.storage.gp3') + price('secretsmanager.secret') + price('kms.key'),
    perEnvironment: 2 * HOURS * price('ec2.instance.t4g.small') + 2 * 10 * price('ebs.gp3') + HOURS * price('elb.application.hour') + 2 * HOURS * price('ipv4.hour'),
    zone: price('route53.zone'),
  };
  const processedGb = requests * (2 + 60) / GB;
  const outGb = requests * 60 / GB;
  const usage = {
    nat: 30 * price('nat.gb'),
    database: (40 - 20) * price('rds.backup') + 50_000 * price('secretsmanager.apiCalls') + 100_000 * price('kms.requests'),
    lcu: Math.max(processedGb / HOURS, (requests / (HOURS * 3600) / 5) / 25) * HOURS * price('elb.application.lcu'),
    dns: 2_000_000 * price('route53.queries'),
    s3: 20 * price('s3.standard') + 50 * price('s3.standardIa') + 200 * price('s3.glacierDeepArchive') + 20_000 * price('s3.put') + 100_000 * price('s3.get'),
    backup: 60 * price('backup.rds'),
    pipeline: (40 * 12 - 100) * price('codepipeline.v2.actionMinute') + 40 * 6 * price('codebuild.linux.small'),
    transfer: (outGb - 100) * price('dataTransfer.out') + 20 * price('dataTransfer.interAz'),
    operations: 10_000 * price('lambda.requests') + 5 * price('logs.ingestion') + 30 * price('logs.storage'),
  };
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const expectedFixed = fixed.natAndIp + fixed.database + 2 * fixed.perEnvironment + fixed.zone;
  const expectedUsage = sum(usage);

  test('the tool and the hand calculation agree, and the README shows the figures', () => {
    // GIVEN
    const dir = synthReferenceApp(fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-worked-')));
    // WHEN
    const e = estimate(readAssembly(dir), loadUsageProfile(path.join(__dirname, '..', 'examples', 'default-profile.yaml')));
    // THEN
    expect(e.totals.fixed).toBeCloseTo(expectedFixed, 6);
    expect(e.totals.usage).toBeCloseTo(expectedUsage, 6);
    expect(e.notPriced).toEqual([]);
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    for (const figure of [expectedFixed, expectedUsage, expectedFixed + expectedUsage]) {
      expect(readme).toContain(figure.toFixed(2));
    }
  });
});
