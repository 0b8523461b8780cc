import { engineVersionProblem, instanceClassProblem, OLDEST_OFFERED_MINOR, RDS_POSTGRES_OFFERINGS_AS_OF } from '../../src/private/rds-offerings';

describe('the dated list of what RDS for PostgreSQL offers', () => {
  test('is dated', () => {
    expect(RDS_POSTGRES_OFFERINGS_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test.each(['17.9', '17.5', '18.3', '16.13', '15.13', '14.18', '17.12', '17'])('offers PostgreSQL %s', (version) => {
    expect(engineVersionProblem(version)).toBeUndefined();
  });

  test.each([
    ['17.4', /oldest PostgreSQL 17 minor version it creates is 17\.5/],
    ['16.8', /16\.9/],
    ['15.12', /15\.13/],
    ['14.17', /14\.18/],
    ['10.21', /not a PostgreSQL major version that RDS offers/],
    ['19.1', /not a PostgreSQL major version that RDS offers/],
    ['latest', /must be a PostgreSQL version/],
  ])('refuses PostgreSQL %s', (version, message) => {
    expect(engineVersionProblem(version)).toMatch(message);
  });

  test('knows every major version from 11 to 18', () => {
    expect(Object.keys(OLDEST_OFFERED_MINOR)).toEqual(['11', '12', '13', '14', '15', '16', '17', '18']);
  });

  test.each(['t4g.micro', 't3.2xlarge', 'm7g.large', 'r8g.48xlarge', 'x2g.16xlarge'])('offers db.%s', (instanceClass) => {
    expect(instanceClassProblem(instanceClass)).toBeUndefined();
  });

  test.each([
    ['m7g.micro', /is not a size of db\.m7g/],
    ['t2.micro', /must be an instance class that RDS for PostgreSQL offers/],
    ['c7g.large', /must be an instance class that RDS for PostgreSQL offers/],
    ['t4g', /must be an instance class/],
  ])('refuses db.%s', (instanceClass, message) => {
    expect(instanceClassProblem(instanceClass)).toMatch(message);
  });
});
