import { Platform } from '../src';

describe('Platform', () => {
  test('holds a solution stack name', () => {
    const platform = Platform.fromSolutionStack('64bit Amazon Linux 2023 v6.6.4 running Node.js 22');
    expect(platform.solutionStackName).toBe('64bit Amazon Linux 2023 v6.6.4 running Node.js 22');
    expect(platform.platformArn).toBeUndefined();
  });

  test('holds a platform ARN', () => {
    const platform = Platform.fromPlatformArn('arn:aws:elasticbeanstalk:us-east-1::platform/x');
    expect(platform.platformArn).toBe('arn:aws:elasticbeanstalk:us-east-1::platform/x');
    expect(platform.solutionStackName).toBeUndefined();
  });

  test.each([
    ['NODEJS_22', Platform.NODEJS_22, /running Node\.js 22$/],
    ['NODEJS_20', Platform.NODEJS_20, /running Node\.js 20$/],
    ['PYTHON_3_13', Platform.PYTHON_3_13, /running Python 3\.13$/],
    ['PYTHON_3_12', Platform.PYTHON_3_12, /running Python 3\.12$/],
    ['CORRETTO_21', Platform.CORRETTO_21, /running Corretto 21$/],
    ['CORRETTO_17', Platform.CORRETTO_17, /running Corretto 17$/],
    ['DOCKER', Platform.DOCKER, /running Docker$/],
    ['PHP_8_4', Platform.PHP_8_4, /running PHP 8\.4$/],
    ['RUBY_3_4', Platform.RUBY_3_4, /running Ruby 3\.4$/],
    ['GO_1', Platform.GO_1, /running Go 1$/],
    ['DOTNET_8', Platform.DOTNET_8, /running \.NET 8$/],
  ])('%s is an Amazon Linux 2023 solution stack', (_name, platform, runtime) => {
    expect(platform.solutionStackName).toMatch(/^64bit Amazon Linux 2023 v\d+\.\d+\.\d+ running /);
    expect(platform.solutionStackName).toMatch(runtime);
  });
});
