import { cronProblem } from '../../src/private/cron';

describe('cronProblem', () => {
  test.each([
    'cron(0 5 * * ? *)',
    'cron(30 2 ? * SUN *)',
    'cron(0 5 1 * ? *)',
    'cron(0 0/6 L * ? *)',
    'cron(15 1 ? JAN-MAR 2#1 2027)',
    'cron(0 3 15W * ? *)',
    'cron(0 3 ? * 6L *)',
    'cron(0 */4 ? * MON-FRI *)',
  ])('accepts %s', (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  test.each([
    ['rate(1 day)', /must be a cron expression/],
    ['cron(0 5 * * *)', /must have 6 fields .*found 5/],
    ['cron(*/5 5 * * ? *)', /must name one minute/],
    ['cron(0 25 * * ? *)', /invalid hours field \('25'\)/],
    ['cron(0 5 32 * ? *)', /invalid day-of-month field \('32'\)/],
    ['cron(0 5 * 13 ? *)', /invalid month field \('13'\)/],
    ['cron(0 5 ? * FUNDAY *)', /invalid day-of-week field \('FUNDAY'\)/],
    ['cron(0 5 * * MON *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 5 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 5 * * ? 1900)', /invalid year field \('1900'\)/],
    ['cron(0 1-2-3 * * ? *)', /invalid hours field/],
    ['cron(0 5/0 * * ? *)', /invalid hours field/],
  ])('rejects %s', (expression, message) => {
    expect(cronProblem(expression)).toMatch(message);
  });
});
