import { bool, listCount, mappedString, num, refTarget, str } from '../src/private/template-values';

describe('template values', () => {
  test.each([
    ['a,b,c', 3],
    [['a', 'b'], 2],
    [{ 'Fn::Join': [',', [{ Ref: 'A' }, { Ref: 'B' }]] }, 2],
    [{ 'Fn::Join': ['', [{ Ref: 'A' }, ',', { Ref: 'B' }, ',', { 'Fn::ImportValue': 'C' }]] }, 3],
    [{ Ref: 'List' }, undefined],
  ])('listCount(%j) = %s', (value, count) => {
    expect(listCount(value)).toBe(count);
  });

  test('scalars', () => {
    expect([str(5), str(true), str({ Ref: 'X' }), num('12'), num(''), num('x'), bool('TRUE'), bool(undefined)])
      .toEqual(['5', 'true', undefined, 12, undefined, undefined, true, undefined]);
  });

  test('references', () => {
    expect([refTarget({ Ref: 'A' }), refTarget({ 'Fn::GetAtt': ['B', 'Arn'] }), refTarget('C')]).toEqual(['A', 'B', undefined]);
  });

  test('mapped strings: a literal, or an Fn::FindInMap into the mappings with the aws partition', () => {
    const mappings = { Sar: { 'aws': { id: 'arn:aws:x' }, 'aws-cn': { id: 'arn:aws-cn:x' } } };
    expect([
      mappedString('plain', mappings),
      mappedString({ 'Fn::FindInMap': ['Sar', { Ref: 'AWS::Partition' }, 'id'] }, mappings),
      mappedString({ 'Fn::FindInMap': ['Sar', 'aws-cn', 'id'] }, mappings),
      mappedString({ 'Fn::FindInMap': ['Sar', { Ref: 'AWS::Region' }, 'id'] }, mappings),
      mappedString({ 'Fn::FindInMap': ['Nope', 'aws', 'id'] }, mappings),
      mappedString({ 'Fn::FindInMap': ['Sar', 'aws'] }, mappings),
      mappedString({ Ref: 'X' }, undefined),
    ]).toEqual(['plain', 'arn:aws:x', 'arn:aws-cn:x', undefined, undefined, undefined, undefined]);
  });
});
