import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { availableRegions, loadPriceTable } from '../src/prices';

describe('price tables', () => {
  test('ship us-east-1, eu-west-1 and one more region', () => {
    expect(availableRegions()).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));
    expect(availableRegions().length).toBeGreaterThanOrEqual(3);
  });

  test.each(availableRegions())('every figure of %s has a unit, a source, a confidence and a non-negative price', (region) => {
    const table = loadPriceTable(region);
    expect(table.region).toBe(region);
    expect(table.asOf).toMatch(/^\d{4}-\d{2}/);
    for (const [key, p] of Object.entries(table.prices)) {
      expect([key, p.price >= 0, p.unit.length > 0, p.source.length > 10, ['high', 'medium', 'low'].includes(p.confidence)]).toEqual([key, true, true, true, true]);
    }
  });

  test('refuses a table with a rate that has no source or no date', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-prices-'));
    const rate = { price: 1, unit: 'hour', description: 'x', confidence: 'high' };
    fs.writeFileSync(path.join(dir, 'ap-south-1.json'), JSON.stringify({
      region: 'ap-south-1',
      currency: 'USD',
      hoursPerMonth: 730,
      prices: { dated: { ...rate, source: 'https://aws.amazon.com/ec2/pricing/', asOf: '2026-11' }, guessed: { ...rate, source: '' }, undated: { ...rate, source: 'a blog' } },
    }));
    expect(() => loadPriceTable('ap-south-1', dir)).toThrow(/ap-south-1\.json: every rate needs a source and a date \(its own asOf or the table's\); missing for guessed, undated$/);
  });

  test('fails for a region without a table', () => {
    expect(() => loadPriceTable('ap-south-1')).toThrow(/unknown region 'ap-south-1': no price table \(available: eu-north-1, eu-west-1, us-east-1\)/);
  });

  test('fails for something that is not a region name', () => {
    expect(() => loadPriceTable('../us-east-1')).toThrow(/unknown region '\.\.\/us-east-1'/);
  });
});
