import * as fs from 'fs';
import * as path from 'path';
import { BEGIN, END, comparisonTable, replaceBlock } from '../src/private/comparisons';

const README = path.join(__dirname, '..', '..', '..', 'apps', 'reference', 'README.md');

describe('the reference README\'s comparison table', () => {
  let block: string;
  beforeAll(async () => {
    block = await comparisonTable();
  }, 120000);

  test('is what ebkit-cost diff prints for the reference app now', () => {
    const readme = fs.readFileSync(README, 'utf-8');
    expect(readme.slice(readme.indexOf(BEGIN) + BEGIN.length + 1, readme.indexOf(END))).toBe(block);
  });

  test('answers each of the proposal\'s questions with a priced difference or a named gap', () => {
    expect(block).toMatch(/\| Multi-AZ database \(one standby\) or single-AZ \| Multi-AZ \(reference\) \| [\d.,]+ \| [\d.,]+ \| [\d.,]+ \| - \|\n\| {2}\| single-AZ \| [\d.,]+ \| [\d.,]+ \| [\d.,]+ \| -[\d.,]+ \|/);
    expect(block).toMatch(/\| {2}\| 1 NAT gateway \| .* \| -36\.50 \|/);
    expect(block).toMatch(/\| {2}\| stopped \| .* \| -[\d.,]+ \|/);
    expect(block).toMatch(/\| {2}\| t4g\.small \| .* \| -[\d.,]+ \|/);
    // a type without a sourced rate is a named gap, never a guessed figure
    expect(block).toMatch(/\| {2}\| m7g\.medium \| \| \| not priced: no price for ec2\.instance\.m7g\.medium in us-east-1 \| \|/);
  });

  test('replacing the block needs the markers', () => {
    expect(() => replaceBlock('no markers', block)).toThrow(/the README has no comparison block/);
  });
});
