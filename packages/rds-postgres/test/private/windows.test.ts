import { dailyLength, parseDailyWindow, parseWeeklyWindow, weeklyLength, windowsOverlap } from '../../src/private/windows';

describe('windows', () => {
  test('parses daily and weekly windows into minutes', () => {
    expect(parseDailyWindow('03:00-04:30')).toEqual({ start: 180, end: 270 });
    expect(parseWeeklyWindow('Mon:01:00-Mon:02:00')).toEqual({ start: 1440 + 60, end: 1440 + 120 });
  });

  test('rejects malformed windows', () => {
    expect(parseDailyWindow('25:00-26:00')).toBeUndefined();
    expect(parseDailyWindow('03:00')).toBeUndefined();
    expect(parseWeeklyWindow('Xyz:01:00-Mon:02:00')).toBeUndefined();
    expect(parseWeeklyWindow('Mon:01:00')).toBeUndefined();
    expect(parseWeeklyWindow('Monday-Tuesday')).toBeUndefined();
  });

  test('measures windows that wrap around midnight or the end of the week', () => {
    expect(dailyLength(parseDailyWindow('23:30-00:30')!)).toBe(60);
    expect(weeklyLength(parseWeeklyWindow('Sat:23:30-Sun:00:30')!)).toBe(60);
  });

  test('finds an overlap on any day of the week', () => {
    expect(windowsOverlap(parseDailyWindow('03:00-04:00')!, parseWeeklyWindow('Thu:03:30-Thu:04:30')!)).toBe(true);
    expect(windowsOverlap(parseDailyWindow('23:30-00:30')!, parseWeeklyWindow('Sat:23:45-Sun:00:15')!)).toBe(true);
    expect(windowsOverlap(parseDailyWindow('23:00-00:30')!, parseWeeklyWindow('Sun:00:00-Sun:01:00')!)).toBe(true);
  });

  test('finds no overlap between adjacent windows', () => {
    expect(windowsOverlap(parseDailyWindow('03:00-04:00')!, parseWeeklyWindow('Sun:04:00-Sun:05:00')!)).toBe(false);
    expect(windowsOverlap(parseDailyWindow('03:00-04:00')!, parseWeeklyWindow('Sun:04:30-Sun:05:30')!)).toBe(false);
  });
});
