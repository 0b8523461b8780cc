import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from '../src/assembly';
import { architectureGraph, renderDiagramSvg } from '../src/diagram';
import { ACCOUNT, Estimate, estimate } from '../src/estimate';
import { loadPriceTable } from '../src/prices';
import { money } from '../src/private/format';
import { BEGIN, END, replaceWorkedExample, trimmedAssembly, updateWorkedExample, workedExampleBlock } from '../src/private/worked-example';
import { loadUsageProfile } from '../src/profile';
import { renderItemized } from '../src/render';
import { synthReferenceApp } from './fixtures/reference-app';
import { HOURS, price } from './util';

const FIXTURE = path.join(__dirname, 'fixtures', 'reference-assembly');
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

/** The amount of a quantity above the free allowance per account of the us-east-1 table. */
function billable(key: string, quantity: number): number {
  const free = loadPriceTable('us-east-1').prices[key].freeQuantity ?? 0;
  return Math.max(0, quantity - free) * price(key);
}

/** The USD cell of the README's hand-made row that starts with `label`. */
function readmeRow(label: string): string {
  const row = README.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (!row) throw new Error(`README has no row '${label}'`);
  return row.split('|').slice(-2)[0].trim();
}

/**
 * The README's worked example: the reference app (a trimmed copy of its templates, written by
 * `npx projen worked-example`) under its usage profile, reproduced by hand from the price table
 * with the formulas the README shows, row by row.
 */
describe('worked example: the reference app', () => {
  let e: Estimate;
  beforeAll(() => {
    e = estimate(readAssembly(FIXTURE), loadUsageProfile(path.join(FIXTURE, 'usage-profile.yaml')));
  });

  const GB = 1024 * 1024; // KB per GB
  const requests = 10_000_000;
  const processedGb = requests * (2 + 60) / GB;
  const outGb = requests * 60 / GB;
  const newConnectionsPerSecond = requests / (HOURS * 3600) / 5;
  const logGroups = 9; // one of them receives the VPC flow log
  const functions = 6; // share the profile's Lambda invocations: one of 128 MB, five of 256 MB
  const rotations = HOURS / (30 * 24); // rate(30 days)
  const rotationInvocations = rotations * 4; // createSecret, setSecret, testSecret, finishSecret
  // the profile's edge, workflow, notification and flow log traffic
  const redirects = 2_000; // requests and function invocations of the www -> apex distribution
  const redirectGb = 0.0005;
  const releaseTransitions = 40 * (65 + 21 + 65); // 40 releases: deploy, swap and watch runs of the release state machine
  const drillTransitions = 52 / 12 * 41; // a restore drill every Monday
  const transitions = 6_200;
  const publishes = 86; // 40 approval requests and 46 alarm notifications, one email each
  const flowLogGb = 1.4;

  const fixed: Record<string, number> = {
    'NAT gateways and their Elastic IPs': 2 * HOURS * price('nat.hour') + 2 * HOURS * price('ipv4.hour'),
    'database': 2 * HOURS * price('rds.postgres.db.t4g.medium') + 50 * price('rds.storage.gp3.multiAz') + price('secretsmanager.secret'),
    'blue and green environments': 2 * (2 * HOURS * price('ec2.instance.t3.small') + 2 * 20 * price('ebs.gp3')
      + HOURS * price('elb.application.hour') + 2 * HOURS * price('ipv4.hour')),
    'KMS keys': 8 * price('kms.key'),
    'hosted zone': price('route53.zone'),
    'CloudWatch alarms': (4 + 6 + 5 - 10) * price('cloudwatch.alarm.standard'),
    'secret rotation': rotationInvocations * price('lambda.requests') + rotationInvocations * 1 * 0.125 * price('lambda.gbSecond.x86_64'),
  };
  const usage: Record<string, number> = {
    'NAT data processed': 30 * price('nat.gb'),
    'load balancer capacity units': Math.max(processedGb / HOURS, newConnectionsPerSecond / 25) * HOURS * price('elb.application.lcu'),
    'data transfer': (outGb - 100) * price('dataTransfer.out') + 20 * price('dataTransfer.interAz'),
    'AWS Backup': 60 * price('backup.rds'),
    'RDS backup storage': Math.max(0, 40 - 50) * price('rds.backup'),
    'S3': 20 * price('s3.standard') + 50 * price('s3.standardIa') + 200 * price('s3.glacierDeepArchive')
      + 20_000 * price('s3.put') + 100_000 * price('s3.get'),
    'pipeline': (40 * 12 - 100) * price('codepipeline.v2.actionMinute') + 40 * 6 * price('codebuild.linux.small'),
    // with flowLogs.ingestedGb given, logs.ingestedGb is the other log groups' alone
    'CloudWatch Logs': 5 * price('logs.ingestion') + 30 * price('logs.storage'),
    'VPC flow log': flowLogGb * price('logs.vended.cloudwatch'),
    'Lambda': 10_000 * price('lambda.requests') + 10_000 / functions * 0.5 * (0.125 + 5 * 0.25) * price('lambda.gbSecond.x86_64'),
    'DNS': 2_000_000 * price('route53.queries'),
    'KMS and Secrets Manager requests': 100_000 * price('kms.requests') + 50_000 * price('secretsmanager.apiCalls'),
    'CloudFront': billable('cloudfront.requests.https', redirects) + billable('cloudfront.dataTransfer.out', redirectGb) + billable('cloudfront.functions', redirects),
    'Step Functions': billable('stepfunctions.transitions', transitions),
    'SNS': billable('sns.publish', publishes) + billable('sns.email', publishes),
  };
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

  test('the tool and the hand calculation agree on the fixed and the usage total', () => {
    expect(e.totals.fixed).toBeCloseTo(sum(fixed), 6);
    expect(e.totals.usage).toBeCloseTo(sum(usage), 6);
  });

  test.each([...Object.entries(fixed), ...Object.entries(usage)])('the README\'s hand-made row "%s" shows the figure recomputed from the price table', (label, amount) => {
    expect(readmeRow(label)).toBe(money(amount));
  });

  test('the README states the totals of the hand calculation', () => {
    expect(README).toContain(`**Fixed: ${money(sum(fixed))}**`);
    expect(README).toContain(`**Usage: ${money(sum(usage))}**`);
    expect(README).toContain(`**${money(sum(fixed) + sum(usage))}** in total`);
    const sums = (o: Record<string, number>) => `${Object.values(o).map(money).join(' + ')} = ${money(sum(o))}`;
    expect(README.replace(/\s+/g, ' ')).toContain(`${sums(fixed)} fixed; ${sums(usage)} usage;`);
  });

  test('the README\'s shares of the bill are recomputed from the hand calculation', () => {
    const total = sum(fixed) + sum(usage);
    const share = (amount: number) => `${Math.round(amount / total * 100)}%`;
    const text = README.replace(/\s+/g, ' ');
    expect(text).toContain(`The two environments are ${share(fixed['blue and green environments'])} of the bill`);
    expect(text).toContain(`the Multi-AZ database another ${share(fixed.database)}, data transfer out ${share((outGb - 100) * price('dataTransfer.out'))}`);
    expect(text).toContain(`the two NAT gateways with their addresses ${share(fixed['NAT gateways and their Elastic IPs'])};`);
    expect(text).toContain(`a single-AZ database (730 x 0.065 + 50 x 0.115 = ${money(HOURS * price('rds.postgres.db.t4g.medium') + 50 * price('rds.storage.gp3'))} less)`);
    expect(text).toContain(`one NAT gateway (${money(HOURS * (price('nat.hour') + price('ipv4.hour')))} less`);
  });

  test('the profile carries the figures the hand calculation and the README\'s prose use', () => {
    const profile = loadUsageProfile(path.join(FIXTURE, 'usage-profile.yaml'));
    expect([profile.cloudfront, profile.stepFunctions, profile.sns, profile.flowLogs]).toEqual([
      { requests: redirects, outGb: redirectGb, functionInvocations: redirects },
      { stateTransitions: transitions },
      { publishes, emailDeliveries: publishes },
      { ingestedGb: flowLogGb },
    ]);
    // the transitions are the releases' and the drills', rounded to hundreds
    expect(Math.round((releaseTransitions + drillTransitions) / 100) * 100).toBe(transitions);
    const text = README.replace(/\s+/g, ' ');
    expect(text).toContain(`so 40 releases take ${releaseTransitions.toLocaleString('en-US')};`);
    expect(text).toContain(`adds 4.33 x 41 = ${Math.round(drillTransitions)}.`);
    expect(text).toContain(`The first 4,000 are free and the rest costs ${money(usage['Step Functions'])} (the table splits the ${transitions.toLocaleString('en-US')} evenly`);
    expect(text).toContain(`${flowLogGb} GB of vended logs billed on the flow log`);
  });

  test('the resources billed per request, transition or publish carry the profile\'s quantities, and the free tiers their negative lines', () => {
    const lines = (type: string) => e.lines.filter((l) => l.type === type).map((l) => [l.resource, l.priceKey, l.kind, l.quantity]);
    expect(lines('AWS::Serverless::Application')).toEqual([
      ['DatabaseRotationSingleUserCD959B0E', 'lambda.requests', 'fixed', expect.closeTo(rotationInvocations, 9)],
      ['DatabaseRotationSingleUserCD959B0E', 'lambda.gbSecond.x86_64', 'fixed', expect.closeTo(rotationInvocations * 0.125, 9)],
    ]);
    expect(lines('AWS::EC2::FlowLog')).toEqual([['VpcallFlowLogF5ACEAEC', 'logs.vended.cloudwatch', 'usage', flowLogGb]]);
    expect(lines('AWS::CloudFront::Distribution')).toEqual([
      ['DomainCanonicalRedirect4E6DFD70', 'cloudfront.requests.https', 'usage', redirects], ['DomainCanonicalRedirect4E6DFD70', 'cloudfront.dataTransfer.out', 'usage', redirectGb],
    ]);
    expect(lines('AWS::CloudFront::Function')).toEqual([['DomainCanonicalRedirectFunctionBC0BB9B8', 'cloudfront.functions', 'usage', redirects]]);
    expect(lines('AWS::StepFunctions::StateMachine')).toEqual([
      ['RestoreDrillF58499C1', 'stepfunctions.transitions', 'usage', transitions / 2], ['PipelineReleaseStateMachineAD297944', 'stepfunctions.transitions', 'usage', transitions / 2],
    ]);
    expect(lines('AWS::SNS::Topic')).toEqual([
      ['AlarmTopicD01E77F9', 'sns.publish', 'usage', publishes / 2], ['PipelineApprovalTopicA3D4FCB7', 'sns.publish', 'usage', publishes / 2],
      ['AlarmTopicD01E77F9', 'sns.email', 'usage', publishes / 2], ['PipelineApprovalTopicA3D4FCB7', 'sns.email', 'usage', publishes / 2],
    ]);
    expect(e.lines.filter((l) => l.priceKey === 'sns.http')).toEqual([]);
    const free = ['cloudfront.requests.https', 'cloudfront.dataTransfer.out', 'cloudfront.functions', 'stepfunctions.transitions', 'sns.publish', 'sns.email'];
    expect(e.lines.filter((l) => l.stack === ACCOUNT && free.includes(l.priceKey)).map((l) => [l.priceKey, l.quantity])).toEqual([
      ['cloudfront.requests.https', -redirects], ['cloudfront.dataTransfer.out', -redirectGb], ['cloudfront.functions', -redirects],
      ['stepfunctions.transitions', -4_000], ['sns.publish', -publishes], ['sns.email', -publishes],
    ]);
    const ingestion = e.lines.filter((l) => l.priceKey === 'logs.ingestion');
    expect([ingestion.length, ingestion.every((l) => Math.abs(l.quantity - 5 / (logGroups - 1)) < 1e-9)]).toEqual([logGroups - 1, true]);
    expect(e.lines.filter((l) => l.type === 'AWS::Logs::LogGroup' && l.priceKey === 'logs.storage')).toHaveLength(logGroups);
    expect(e.lines.filter((l) => l.type === 'AWS::Lambda::Function' && l.priceKey === 'lambda.requests')).toHaveLength(functions);
  });

  test('the README\'s generated table is what the tool prints for the reference app', () => {
    expect(workedExampleBlock(README)).toBe(renderItemized(e));
  });

  test('nothing is listed as not priced, as the README says', () => {
    expect(e.notPriced).toEqual([]);
    expect(README).toContain('Nothing is listed as not priced, so the estimate exits 0 without `--allow-unpriced`.');
  });
});

describe('regenerating the worked example', () => {
  let work: string;
  let app: string;
  let profile: string;
  const readme = ['# x', '', BEGIN, 'old', END, '', 'after', ''].join('\n');

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-worked-'));
    app = synthReferenceApp(path.join(work, 'cdk.out'));
    profile = path.join(__dirname, '..', 'examples', 'default-profile.yaml');
  });

  test('the trimmed templates are estimated and drawn exactly like the synthesized ones', () => {
    // GIVEN
    const trimmed = path.join(work, 'trimmed');
    fs.mkdirSync(trimmed);
    for (const [name, text] of Object.entries(trimmedAssembly(app))) fs.writeFileSync(path.join(trimmed, name), text);
    // WHEN
    const p = loadUsageProfile(profile);
    // THEN
    expect(renderItemized(estimate(readAssembly(trimmed), p))).toBe(renderItemized(estimate(readAssembly(app), p)));
    expect(renderDiagramSvg(architectureGraph(readAssembly(trimmed)))).toBe(renderDiagramSvg(architectureGraph(readAssembly(app))));
    const data = JSON.parse(fs.readFileSync(path.join(trimmed, 'Data.template.json'), 'utf-8'));
    const resources = Object.values(data.Resources) as object[];
    expect(new Set(resources.flatMap((r) => Object.keys(r)))).toEqual(new Set(['Type', 'Properties']));
    // the exports stay, which the diagram follows from the backup selection's Fn::ImportValue of the database
    expect(Object.values(data.Outputs)).toEqual([{ Value: { Ref: 'Database' }, Export: { Name: expect.stringMatching(/^Data:ExportsOutputRefDatabase/) } }]);
  });

  test('writes the fixture, the README block and the diagram, then finds them up to date', () => {
    // GIVEN
    const out = path.join(work, 'update');
    fs.mkdirSync(path.join(out, 'fixture'), { recursive: true });
    fs.writeFileSync(path.join(out, 'fixture', 'Old.template.json'), '{}');
    fs.writeFileSync(path.join(out, 'README.md'), readme);
    const options = { assemblyDir: app, profile, readme: path.join(out, 'README.md'), fixtureDir: path.join(out, 'fixture'), docsDir: path.join(out, 'docs') };
    // WHEN
    const first = updateWorkedExample(options);
    const check = updateWorkedExample({ ...options, check: true });
    // THEN
    expect(first.map((f) => path.relative(out, f)).sort()).toEqual([
      'README.md', 'docs/architecture.png', 'docs/architecture.svg', 'fixture/App.template.json', 'fixture/Backups.template.json',
      'fixture/Data.template.json', 'fixture/Dns.template.json', 'fixture/Network.template.json', 'fixture/Old.template.json',
      'fixture/Pipeline.template.json', 'fixture/manifest.json', 'fixture/usage-profile.yaml',
    ]);
    expect(fs.existsSync(path.join(out, 'fixture', 'Old.template.json'))).toBe(false);
    expect(check).toEqual([]);
    const written = fs.readFileSync(path.join(out, 'README.md'), 'utf-8');
    expect(written).toMatch(/^# x\n\n<!-- worked-example:begin .*-->\nregion us-east-1 · prices as of 2026-11/);
    expect(written).toMatch(/\| \*\*USD a month\*\* \|[^\n]*\n\n(- [^\n]*\n)+<!-- worked-example:end -->\n\nafter\n$/);
  });

  test('--check reports what is out of date and writes nothing', () => {
    // GIVEN
    const out = path.join(work, 'check');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'README.md'), readme);
    // WHEN
    const stale = updateWorkedExample({ assemblyDir: app, profile, readme: path.join(out, 'README.md'), fixtureDir: path.join(out, 'fixture'), docsDir: path.join(out, 'docs'), check: true });
    // THEN
    expect(stale).toHaveLength(11);
    expect(fs.readdirSync(out)).toEqual(['README.md']);
  });

  test('replacing the block keeps the rest of the README', () => {
    expect(replaceWorkedExample(readme, 'new\n')).toBe(['# x', '', BEGIN, 'new', END, '', 'after', ''].join('\n'));
  });

  test('fails when the README has no worked example block', () => {
    expect(() => replaceWorkedExample('# x\n', 'new\n')).toThrow(/^the README has no worked example block/);
  });

  test('fails when the directory is not a cloud assembly', () => {
    expect(() => trimmedAssembly(path.join(work, 'nothing'))).toThrow(/nothing: no manifest\.json, not a cloud assembly \(run the reference app's synth first\)/);
  });

  test('fails when the assembly has no stack', () => {
    const empty = path.join(work, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'manifest.json'), JSON.stringify({ version: '1', artifacts: { Tree: { type: 'cdk:tree' } } }));
    expect(() => trimmedAssembly(empty)).toThrow(/empty: no stack templates in manifest\.json \(run the reference app's synth first\)/);
  });
});
