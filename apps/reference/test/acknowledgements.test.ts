import * as fs from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { collectAcknowledgements, renderAcknowledgements, reportOf, REPORT_FILE } from '../src/acknowledgements';
import { productionConfig } from '../src/config';
import { ReferenceArchitecture } from '../src/reference-architecture';

describe('security acknowledgements', () => {
  test('collects every acknowledgement with its construct path and reason', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const topic = new sns.Topic(stack, 'Topic');
    Validations.of(topic).acknowledge({ id: 'AwsSolutions-SNS2', reason: 'the topic carries no data' });
    // WHEN
    const acks = collectAcknowledgements(stack);
    // THEN
    expect(acks).toEqual([{ constructPath: 'Stack/Topic', ruleId: 'AwsSolutions-SNS2', reason: 'the topic carries no data' }]);
    expect(renderAcknowledgements(acks)).toMatch(/\| - \| `Stack\/Topic` \| AwsSolutions-SNS2 \| the topic carries no data \|/);
  });

  const app = new App();
  new ReferenceArchitecture(app, productionConfig({}));
  const acks = collectAcknowledgements(app);

  test('every acknowledgement in the architecture gives a reason a reviewer can read', () => {
    const short = acks.filter((a) => a.reason.trim().split(/\s+/).length < 6);
    expect(short).toEqual([]);
  });

  test('docs/security-acknowledgements.md is up to date (regenerate with `npm run docs`)', () => {
    const committed = fs.existsSync(REPORT_FILE) ? fs.readFileSync(REPORT_FILE, 'utf8') : '';
    expect(committed).toEqual(reportOf(app));
  });
});
