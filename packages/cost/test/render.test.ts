import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from '../src/assembly';
import { Estimate, estimate } from '../src/estimate';
import { loadUsageProfile } from '../src/profile';
import { renderEnvironments, renderItemized, renderJson, renderMarkdown, renderTable } from '../src/render';
import { synthReferenceApp } from './fixtures/reference-app';
import { assemblyOf } from './util';

let e: Estimate;

beforeAll(() => {
  const dir = synthReferenceApp(fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-render-')));
  e = estimate(readAssembly(dir), loadUsageProfile(path.join(__dirname, '..', 'examples', 'default-profile.yaml')));
});

describe('renderTable', () => {
  test('names the region, the as-of date and the profile', () => {
    expect(renderTable(e).split('\n')[0]).toBe('Monthly cost estimate: region us-east-1 · prices as of 2026-11 · 730 hours a month · USD a month · profile default');
  });

  test('has a section per stack and the fixed/usage split of the total', () => {
    const text = renderTable(e);
    expect(text.match(/^Stack .*/gm)).toEqual(['Stack Network', 'Stack Data', 'Stack App', 'Stack Dns', 'Stack Backups', 'Stack Pipeline', 'Stack (account)']);
    expect(text).toMatch(new RegExp(`Total USD/month: fixed ${e.totals.fixed.toFixed(2)} \\+ usage ${e.totals.usage.toFixed(2)} = ${e.totals.total.toFixed(2)}`));
  });

  test('marks each line fixed or usage with quantity, unit price and amount', () => {
    expect(renderTable(e)).toMatch(/Database\s+RDS PostgreSQL db\.t4g\.small single-AZ instance\s+fixed\s+730 hour\s+0\.032 \/ hour\s+23\.36/);
  });

  test('lists what is not priced and what was assumed', () => {
    const other = estimate(assemblyOf({ App: { Queue: { Type: 'AWS::SQS::Queue' }, Env: { Type: 'AWS::ElasticBeanstalk::Environment', Properties: {} } } }), {});
    const text = renderTable(other);
    expect(text).toMatch(/Queue\s+resource type AWS::SQS::Queue is not priced\s+NOT PRICED/);
    expect(text).toMatch(/Not priced: 2 item\(s\), not included in the total/);
    expect(text).toMatch(/Assumed: Elastic Beanstalk root volume size not set: assumed 8 GB/);
  });
});

describe('renderMarkdown', () => {
  test('one table per stack and a totals table', () => {
    const md = renderMarkdown(e);
    expect(md).toMatch(/^### App$/m);
    expect(md).toMatch(/^\| resource \| item \| kind \| quantity \| unit price \| amount \| from \|$/m);
    expect(md).toContain(`| **USD a month** | ${e.totals.fixed.toFixed(2)} | ${e.totals.usage.toFixed(2)} | **${e.totals.total.toFixed(2)}** |`);
  });

  test('shows notes and not-priced items', () => {
    const md = renderMarkdown(estimate(assemblyOf({ App: { Queue: { Type: 'AWS::SQS::Queue' }, Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', MultiAZ: true } } } }), {}));
    expect(md).toContain('| Queue | resource type AWS::SQS::Queue is not priced | **not priced** | | | - |');
    expect(md).toMatch(/RDS PostgreSQL db\.t3\.micro Multi-AZ instance \(x2 for the standby\)/);
  });
});

describe('renderItemized', () => {
  test('merges the same item of a stack at the same price, with the number of resources and the whole quantity', () => {
    // GIVEN three keys, two in one stack
    const md = renderItemized(estimate(assemblyOf({ Data: { A: { Type: 'AWS::KMS::Key' }, B: { Type: 'AWS::KMS::Key' } }, App: { C: { Type: 'AWS::KMS::Key' } } }), {}));
    // THEN one row per stack, with the quantity and amount of its keys
    expect(md).toContain('| Data | KMS customer managed key | 2 | fixed | 2 key-month | 1.00 / key-month | 2.00 |');
    expect(md).toContain('| App | KMS customer managed key | 1 | fixed | 1 key-month | 1.00 / key-month | 1.00 |');
  });

  test('drops the per-resource share from the note of merged lines but keeps the other notes', () => {
    const md = renderItemized(e);
    // the live environment takes the traffic, the idle one none
    expect(md).toMatch(/^\| App \| ALB capacity units \(0\.81 LCU\/h set by processed bytes \(monthly average\)\) \| 1 \| usage \|/m);
    // two buckets share S3 storage: one merged row, without the per-resource share in its note
    const buckets = renderItemized(estimate(assemblyOf({ B: { X: { Type: 'AWS::S3::Bucket' }, Y: { Type: 'AWS::S3::Bucket' } } }), { s3: { standardGb: 10 } }));
    expect(buckets).toMatch(/^\| B \| S3 Standard storage \| 2 \| usage \| 10 GB-month \|/m);
    expect(buckets).not.toContain('split evenly');
    expect(md).not.toContain('split evenly');
  });

  test('lists the stacks in order, fixed before usage, then what is not priced and the totals', () => {
    const other = estimate(assemblyOf({
      App: { Queue: { Type: 'AWS::SQS::Queue' }, Key: { Type: 'AWS::KMS::Key' } },
      Dns: { Zone: { Type: 'AWS::Route53::HostedZone' } },
    }), { kms: { requests: 10_000 } });
    const rows = renderItemized(other).split('\n').filter((l) => /^\| (App|Dns) \| [A-Zr]/.test(l)).map((r) => r.split(' | ').slice(0, 4).join(' | '));
    expect(rows).toEqual([
      '| App | KMS customer managed key | 1 | fixed',
      '| App | KMS requests | 1 | usage',
      '| Dns | Route 53 hosted zone | 1 | fixed',
      '| Dns | Route 53 standard queries | 1 | usage',
      '| App | resource type AWS::SQS::Queue is not priced (Queue) | 1 | **not priced**',
    ]);
    expect(renderItemized(other)).toMatch(/\| App \| 1\.00 \| 0\.03 \| 1\.03 \|\n\| Dns \| 0\.50 \| 0\.00 \| 0\.50 \|\n\| \*\*USD a month\*\* \| \*\*1\.50\*\* \| \*\*0\.03\*\* \| \*\*1\.53\*\* \|/);
  });
});

describe('renderJson', () => {
  test('round-trips the estimate', () => {
    expect(JSON.parse(renderJson(e))).toEqual(JSON.parse(JSON.stringify(e)));
  });
});

describe('renderEnvironments', () => {
  test('says which environment takes the traffic and how the idle one spends the month', () => {
    const text = renderEnvironments(e);
    expect(text).toMatch(/^Release lifecycle:\n {2}shop-blue live, takes the traffic: USD [\d.]+ a month \(fixed [\d.]+ \+ usage [\d.]+\)\n {2}shop-green idle, no traffic \(warm: at full size all month\): USD/);
    expect(e.environments.map((x) => [x.name, x.role, x.mode])).toEqual([['shop-blue', 'live', undefined], ['shop-green', 'idle', 'warm']]);
  });
});

test('an environment without EnvironmentName is named by its logical id without the CDK hash', () => {
  const env = { Type: 'AWS::ElasticBeanstalk::Environment', Properties: { ApplicationName: { Ref: 'A' } } };
  const x = estimate(assemblyOf({ App: { EnvironmentsBlue97EACA00: env, EnvironmentsGreenA95481DC: env } }), {}, {});
  expect(x.environments.map((v) => [v.name, v.role])).toEqual([['EnvironmentsBlue', 'live'], ['EnvironmentsGreen', 'idle']]);
});
