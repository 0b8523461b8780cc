import * as fs from 'fs';
import * as path from 'path';

/** One figure of a price table. */
export interface Price {
  /** USD (or the table's currency) for `per` units. */
  readonly price: number;
  /** Unit of the quantity (hour, GB-month, requests...). */
  readonly unit: string;
  /** How many units the price is for (e.g. 1000 requests); 1 when not given. */
  readonly per?: number;
  readonly description: string;
  /** Where the figure comes from. */
  readonly source: string;
  /** When the figure was read from its source (YYYY-MM or YYYY-MM-DD). @default - the table's `asOf` */
  readonly asOf?: string;
  /** high: AWS pricing page or two agreeing sources; medium: one third-party table. */
  readonly confidence: string;
  /** Units a month free per account (applied when the profile allows free allowances). */
  readonly freeQuantity?: number;
  readonly freeNote?: string;
}

/** A region's price table (`data/prices/<region>.json`). */
export interface PriceTable {
  readonly region: string;
  readonly currency: string;
  /** When the figures were collected. */
  readonly asOf: string;
  /** Hours in a month used for hourly prices. */
  readonly hoursPerMonth: number;
  readonly notes?: string;
  readonly prices: Record<string, Price>;
}

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;

/** The directory holding the packaged price tables. */
export const PRICES_DIR = path.join(__dirname, '..', 'data', 'prices');

/** Regions with a packaged price table. */
export function availableRegions(dir: string = PRICES_DIR): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
}

/**
 * Loads the price table of a region.
 *
 * @throws for a region without a price table, naming the regions that have one
 */
export function loadPriceTable(region: string, dir: string = PRICES_DIR): PriceTable {
  const file = path.join(dir, `${region}.json`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region) || !fs.existsSync(file)) {
    throw new Error(`unknown region '${region}': no price table (available: ${availableRegions(dir).join(', ')})`);
  }
  const table = JSON.parse(fs.readFileSync(file, 'utf-8')) as PriceTable;
  if (table.region !== region) {
    throw new Error(`${file}: holds prices for ${table.region}, not ${region}`);
  }
  const undated = Object.entries(table.prices ?? {})
    .filter(([, p]) => !(typeof p.source === 'string' && p.source.trim().length > 0) || !DATE.test(p.asOf ?? table.asOf ?? ''))
    .map(([key]) => key);
  if (undated.length > 0) {
    throw new Error(`${file}: every rate needs a source and a date (its own asOf or the table's); missing for ${undated.join(', ')}`);
  }
  return table;
}
