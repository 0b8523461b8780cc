import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, aws_elasticbeanstalk as eb, aws_route53 as route53 } from 'aws-cdk-lib';
import { readAssembly } from '../src/assembly';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-asm-'));
}

describe('readAssembly', () => {
  test('reads every stack of a synthesized app, including stacks in stages, with their region', () => {
    // GIVEN
    const outdir = tmp();
    const app = new App({ outdir });
    const env = { account: '123456789012', region: 'eu-west-1' };
    new route53.CfnHostedZone(new Stack(app, 'Dns', { env }), 'Zone', { name: 'example.com' });
    const prod = new Stage(app, 'Prod', { env });
    new eb.CfnEnvironment(new Stack(prod, 'App'), 'Env', { applicationName: 'app', solutionStackName: 'x' });
    app.synth();
    // WHEN
    const assembly = readAssembly(outdir);
    // THEN
    expect(assembly.stacks.map((s) => [s.name, s.region]).sort()).toEqual([['Dns', 'eu-west-1'], ['Prod/App', 'eu-west-1']]);
    const app2 = assembly.stacks.find((s) => s.name === 'Prod/App')!;
    expect(Object.values(app2.template.Resources ?? {}).map((r) => r.Type)).toContain('AWS::ElasticBeanstalk::Environment');
  });

  test('reads *.template.json files when there is no manifest', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'B.template.json'), JSON.stringify({ Resources: {} }));
    fs.writeFileSync(path.join(dir, 'A.template.json'), JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key' } } }));
    const assembly = readAssembly(dir);
    expect(assembly.stacks.map((s) => [s.name, s.region])).toEqual([['A', undefined], ['B', undefined]]);
  });

  test('fails when the directory has no templates', () => {
    const dir = tmp();
    expect(() => readAssembly(dir)).toThrow(/no stack templates found \(expected manifest\.json or \*\.template\.json; run cdk synth first\)/);
  });

  test('fails when the directory does not exist', () => {
    expect(() => readAssembly('/nowhere/cdk.out')).toThrow(/\/nowhere\/cdk\.out: not a directory/);
  });

  test('fails when a template is not JSON', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'A.template.json'), 'not json');
    expect(() => readAssembly(dir)).toThrow(/A\.template\.json: cannot read JSON/);
  });

  test('fails when a template is not an object', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'A.template.json'), '[1]');
    expect(() => readAssembly(dir)).toThrow(/A\.template\.json: not a CloudFormation template/);
  });

  test('fails when the manifest lists a template that is not there, saying to synth again', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      artifacts: { App: { type: 'aws:cloudformation:stack', environment: 'aws://123456789012/us-east-1', properties: { templateFile: 'App.template.json' } } },
    }));
    expect(() => readAssembly(dir)).toThrow(/manifest\.json: stack App lists App\.template\.json, which is not in .*: the cloud assembly is incomplete or stale, run cdk synth again/);
  });
});
