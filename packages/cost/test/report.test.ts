import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadUsageProfile } from '../src/profile';
import { summarize, writeReport } from '../src/report';
import { synthReferenceApp } from './fixtures/reference-app';
import { assemblyOf } from './util';
import { estimate } from '../src/estimate';

const PROFILE = path.join(__dirname, '..', 'examples', 'default-profile.yaml');

describe('writeReport', () => {
  test('writes the Markdown and JSON estimate and the diagram next to the templates', () => {
    // GIVEN
    const dir = synthReferenceApp(fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-report-')));
    // WHEN
    const report = writeReport(dir, loadUsageProfile(PROFILE));
    // THEN
    expect(report.files.map((f) => path.relative(dir, f))).toEqual(['cost-estimate.md', 'cost-estimate.json', 'architecture.svg', 'architecture.png']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cost-estimate.json'), 'utf-8')).totals.total).toBeCloseTo(report.estimate.totals.total, 6);
    expect(report.summary).toMatch(/^Estimated monthly cost \(us-east-1, prices as of 2026-11, profile default\): fixed USD [\d.,]+ \+ usage USD [\d.,]+ = USD [\d.,]+$/);
  });

  test('can write elsewhere and skip the diagram', () => {
    const dir = synthReferenceApp(fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-report-')));
    const out = path.join(dir, 'reports');
    expect(writeReport(dir, {}, { outDir: out, diagram: false }).files.map((f) => path.relative(out, f))).toEqual(['cost-estimate.md', 'cost-estimate.json']);
  });
});

describe('summarize', () => {
  test('says how many items are not priced', () => {
    expect(summarize(estimate(assemblyOf({ A: { Q: { Type: 'AWS::SQS::Queue' } } }), {})))
      .toBe('Estimated monthly cost (us-east-1, prices as of 2026-11): fixed USD 0.00 + usage USD 0.00 = USD 0.00 (1 item(s) not priced, not included)');
  });
});
