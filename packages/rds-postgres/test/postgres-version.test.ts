import { PostgresVersion } from '../src';

describe('PostgresVersion', () => {
  test('names a current PostgreSQL 17 minor with its parameter group family', () => {
    expect(PostgresVersion.VER_17.fullVersion).toBe('17.9');
    expect(PostgresVersion.VER_17.majorVersion).toBe('17');
    expect(PostgresVersion.VER_17.parameterGroupFamily).toBe('postgres17');
    expect(PostgresVersion.VER_17.engineVersion.postgresFullVersion).toBe('17.9');
  });

  test('builds any version from its full and major parts', () => {
    const version = PostgresVersion.of('18.1', '18');
    expect(version.engineVersion.postgresMajorVersion).toBe('18');
    expect(version.parameterGroupFamily).toBe('postgres18');
    expect(version.engine().parameterGroupFamily).toBe('postgres18');
  });

  test('fails when the full version does not belong to the major version', () => {
    expect(() => PostgresVersion.of('16.4', '17')).toThrow(/fullVersion \('16.4'\) must be '17.<minor>' for majorVersion '17'/);
  });

  test('fails when the major version is not a supported number', () => {
    expect(() => PostgresVersion.of('9.6.24', '9.6')).toThrow(/majorVersion \('9.6'\) must be a whole number, 11 or later/);
  });
});
