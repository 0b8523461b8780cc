/**
 * Validation of EventBridge / AWS Backup cron expressions:
 * `cron(minutes hours day-of-month month day-of-week year)`.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function valueOk(text: string, min: number, max: number, names: string[]): boolean {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= min && n <= max;
  }
  return names.includes(text.toUpperCase());
}

function fieldOk(field: string, min: number, max: number, names: string[] = []): boolean {
  if (field === '*') {
    return true;
  }
  return field.split(',').every((part) => {
    const [range, step] = part.split('/');
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) {
      return false;
    }
    if (range === '*') {
      return step !== undefined;
    }
    const bounds = range.split('-');
    if (bounds.length > 2) {
      return false;
    }
    return bounds.every((b) => valueOk(b, min, max, names));
  });
}

function dayOfMonthOk(field: string): boolean {
  return field === '?' || field === 'L' || /^([1-9]|[12]\d|3[01])W$/.test(field) || fieldOk(field, 1, 31);
}

function dayOfWeekOk(field: string): boolean {
  return field === '?' || /^[1-7]L$/.test(field) || /^[1-7]#[1-5]$/.test(field) || fieldOk(field, 1, 7, DAYS);
}

/**
 * Why a cron expression is invalid, or undefined when it is valid.
 * AWS Backup also needs at most one run per hour: the minutes field must be a single number.
 */
export function cronProblem(expression: string): string | undefined {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  if (!m) {
    return "must be a cron expression 'cron(minutes hours day-of-month month day-of-week year)'";
  }
  const fields = m[1].trim().split(/\s+/);
  if (fields.length !== 6) {
    return `must have 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`;
  }
  const [minutes, hours, dom, month, dow, year] = fields;
  if (!/^\d+$/.test(minutes) || Number(minutes) > 59) {
    return 'must name one minute (0-59): AWS Backup runs a rule at most once an hour';
  }
  if (!fieldOk(hours, 0, 23)) {
    return `has an invalid hours field ('${hours}')`;
  }
  if (!dayOfMonthOk(dom)) {
    return `has an invalid day-of-month field ('${dom}')`;
  }
  if (!fieldOk(month, 1, 12, MONTHS)) {
    return `has an invalid month field ('${month}')`;
  }
  if (!dayOfWeekOk(dow)) {
    return `has an invalid day-of-week field ('${dow}')`;
  }
  if ((dom === '?') === (dow === '?')) {
    return "must set exactly one of day-of-month and day-of-week to '?'";
  }
  if (!fieldOk(year, 1970, 2199)) {
    return `has an invalid year field ('${year}')`;
  }
  return undefined;
}
