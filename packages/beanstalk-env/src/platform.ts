/**
 * The platform an Elastic Beanstalk environment runs on: either a solution
 * stack name or a platform ARN, never both.
 *
 * The static constants name current Amazon Linux 2023 platform versions. They
 * are PINNED values, updated with releases of this package: Elastic Beanstalk
 * retires platform versions, and a retired one cannot be used for a new
 * environment. List the current ones with
 * `aws elasticbeanstalk list-available-solution-stacks` and pass them to
 * `Platform.fromSolutionStack()` when a constant is behind. With managed
 * platform updates on (the default of `BeanstalkEnvironment`), a running
 * environment keeps itself on the latest patch/minor version of its branch.
 */
export class Platform {
  /** Node.js 22 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly NODEJS_22 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v6.6.4 running Node.js 22');
  /** Node.js 20 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly NODEJS_20 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v6.6.4 running Node.js 20');
  /** Python 3.13 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly PYTHON_3_13 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.7.3 running Python 3.13');
  /** Python 3.12 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly PYTHON_3_12 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.7.3 running Python 3.12');
  /** Java 21 (Amazon Corretto) on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly CORRETTO_21 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.7.3 running Corretto 21');
  /** Java 17 (Amazon Corretto) on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly CORRETTO_17 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.7.3 running Corretto 17');
  /** Docker on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly DOCKER = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.7.3 running Docker');
  /** PHP 8.4 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly PHP_8_4 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.8.3 running PHP 8.4');
  /** Ruby 3.4 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly RUBY_3_4 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.6.3 running Ruby 3.4');
  /** Go 1 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly GO_1 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v4.7.3 running Go 1');
  /** .NET 8 on Amazon Linux 2023 (pinned; see the class docs). */
  public static readonly DOTNET_8 = Platform.fromSolutionStack('64bit Amazon Linux 2023 v3.6.3 running .NET 8');

  /**
   * A platform by solution stack name, e.g.
   * `64bit Amazon Linux 2023 v6.6.4 running Node.js 22`.
   */
  public static fromSolutionStack(name: string): Platform {
    return new Platform(name, undefined);
  }

  /**
   * A platform by ARN, e.g.
   * `arn:aws:elasticbeanstalk:us-east-1::platform/Node.js 22 running on 64bit Amazon Linux 2023/6.6.4`,
   * or a custom platform's ARN.
   */
  public static fromPlatformArn(arn: string): Platform {
    return new Platform(undefined, arn);
  }

  /** The solution stack name, when the platform was given by name. */
  public readonly solutionStackName?: string;
  /** The platform ARN, when the platform was given by ARN. */
  public readonly platformArn?: string;

  private constructor(solutionStackName?: string, platformArn?: string) {
    this.solutionStackName = solutionStackName;
    this.platformArn = platformArn;
  }
}
