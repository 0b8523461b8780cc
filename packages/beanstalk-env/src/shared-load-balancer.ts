import { PropsErrors } from '@ebkit/core';
import { CfnResource, Duration, IResource, RemovalPolicy, Resource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { certificateArnProblem } from './private/option-rules';

/**
 * An application load balancer that several Elastic Beanstalk environments
 * share (`aws:elasticbeanstalk:environment` `LoadBalancerIsShared`).
 */
export interface ISharedLoadBalancer extends IResource {
  /** The ARN of the application load balancer. */
  readonly loadBalancerArn: string;
  /**
   * The load balancer's security group. Environments name it in
   * `aws:elbv2:loadbalancer` `SecurityGroups`, so Elastic Beanstalk opens the
   * instances to it (and attaches no group of its own to the load balancer).
   */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The VPC of the load balancer: environments sharing it must be in it. */
  readonly vpc: ec2.IVpc;
}

/**
 * A host-header rule of an environment on the shared load balancer's HTTPS
 * listener (`aws:elbv2:listenerrule:<name>`): requests whose host (and path,
 * when given) match go to the environment's default process.
 */
export interface SharedListenerRule {
  /** The rule's name: letters and digits, not `default` (Elastic Beanstalk's own rule). */
  readonly name: string;
  /**
   * Host names the rule matches, e.g. `shop.example.com` (up to 128 characters,
   * at most three `*` or `?` wildcards each). Elastic Beanstalk adds the
   * environment's CNAME to them.
   */
  readonly hostHeaders: string[];
  /**
   * Path patterns the rule also requires, e.g. `/api/*`.
   *
   * @default - any path
   */
  readonly pathPatterns?: string[];
  /**
   * The rule's priority, 1 to 1000, unique among the environment's rules (the
   * lower, the earlier). Elastic Beanstalk treats it as relative to the rules
   * of the other environments sharing the load balancer.
   *
   * @default - its position in `sharedListenerRules` (1 for the first)
   */
  readonly priority?: number;
}

/** Attributes of a shared load balancer defined elsewhere. */
export interface SharedLoadBalancerAttributes {
  /** The ARN; it must be an application load balancer's (`:loadbalancer/app/...`). */
  readonly loadBalancerArn: string;
  /** The load balancer's security group. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The load balancer's VPC. */
  readonly vpc: ec2.IVpc;
}

/** Props of {@link SharedLoadBalancer}. */
export interface SharedLoadBalancerProps {
  /** The VPC: the load balancer goes in its public subnets (private ones when internal). */
  readonly vpc: ec2.IVpc;

  /** The certificate of the HTTPS listener on port 443 (more with `addCertificates`). */
  readonly certificate: acm.ICertificate;

  /**
   * The TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.2 and 1.3)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Whether the load balancer is internal, in the private subnets.
   *
   * @default false
   */
  readonly internal?: boolean;

  /**
   * Whether the load balancer is protected from deletion (by CloudFormation too:
   * turn it off before removing it).
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Idle connection timeout, 1 to 4000 seconds.
   *
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;

  /**
   * A bucket for the access logs (SSE-S3 encrypted: access logs support no
   * other encryption).
   *
   * @default - a new bucket: SSE-S3, SSL only, public access blocked, logs expire after `accessLogsRetention`
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * The key prefix of the access logs.
   *
   * @default 'shared-alb'
   */
  readonly accessLogsPrefix?: string;

  /**
   * How long the access logs are kept in the bucket this construct creates.
   *
   * @default Duration.days(365)
   */
  readonly accessLogsRetention?: Duration;

  /**
   * What happens to the access logs bucket this construct creates when it is
   * removed from the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The ARN of a WAF web ACL (regional) to associate with the load balancer.
   *
   * @default - no web ACL
   */
  readonly webAclArn?: string;
}

/**
 * An application load balancer owned by the stack, shared by several
 * Elastic Beanstalk environments (pass it as `sharedLoadBalancer`): one load
 * balancer instead of one per environment, configured and scanned like any
 * other resource of the stack.
 *
 * It has an HTTPS listener on 443 (ACM certificate, TLS 1.2+ policy, a 404
 * answer for hosts no environment claims), an HTTP listener on 80 whose only
 * action is a permanent redirect to HTTPS, access logs in an encrypted,
 * SSL-only bucket, invalid header fields dropped, deletion protection and a
 * security group of its own open on 80 and 443. Each environment adds its
 * host-header rules to the HTTPS listener.
 */
export class SharedLoadBalancer extends Resource implements ISharedLoadBalancer, ec2.IConnectable {
  /** The port of the listener environments add their rules to. */
  public static readonly HTTPS_PORT = 443;

  /** A shared load balancer defined elsewhere (another stack or app). */
  public static fromSharedLoadBalancerAttributes(scope: Construct, id: string, attrs: SharedLoadBalancerAttributes): ISharedLoadBalancer {
    const errors = new PropsErrors(scope);
    const arn = attrs.loadBalancerArn;
    if (!Token.isUnresolved(arn)) {
      const kind = /:loadbalancer\/(app|net|gwy)\//.exec(arn)?.[1];
      const names: { [kind: string]: string } = { net: 'a network', gwy: 'a gateway' };
      errors.check(kind === 'app', 'loadBalancerArn', arn, kind
        ? `is ${names[kind]} load balancer: Elastic Beanstalk shares only application load balancers (':loadbalancer/app/...')`
        : 'must be the ARN of an application load balancer (\':loadbalancer/app/...\')');
    }
    errors.throwIfAny();
    class Import extends Resource implements ISharedLoadBalancer {
      public readonly loadBalancerArn = arn;
      public readonly securityGroup = attrs.securityGroup;
      public readonly vpc = attrs.vpc;
    }
    return new Import(scope, id);
  }

  public readonly loadBalancerArn: string;
  public readonly securityGroup: ec2.ISecurityGroup;
  public readonly vpc: ec2.IVpc;
  /** The connections of the load balancer's security group. */
  public readonly connections: ec2.Connections;
  /** The application load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener (443) environments add their rules to. */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP listener (80): a permanent redirect to HTTPS. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** The bucket of the access logs. */
  public readonly accessLogsBucket: s3.IBucket;

  public constructor(scope: Construct, id: string, props: SharedLoadBalancerProps) {
    super(scope, id);
    const internal = props.internal ?? false;
    const idleTimeout = props.idleTimeout ?? Duration.seconds(60);
    const retention = props.accessLogsRetention ?? Duration.days(365);

    const errors = new PropsErrors(this);
    errors.checkRange('idleTimeout', 1, 4000, idleTimeout.toSeconds({ integral: false }));
    errors.checkRange('accessLogsRetention', 1, 36500, retention.toDays({ integral: false }));
    errors.check(props.accessLogsBucket === undefined || props.accessLogsRetention === undefined, 'accessLogsRetention',
      props.accessLogsRetention?.toHumanString(), 'applies to the bucket this construct creates: set the lifecycle of your accessLogsBucket yourself');
    errors.checkPattern('webAclArn', '^arn:[^:]+:wafv2:[^:]+:[0-9]{12}:regional/webacl/', 'must be the ARN of a regional WAF web ACL', props.webAclArn);
    checkCertificates(this, errors, 'certificate', [props.certificate]);
    const subnetType = internal ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC;
    try {
      const zones = props.vpc.selectSubnets({ subnetType }).availabilityZones;
      const distinct = [...new Set(zones)];
      errors.check(zones.some((z) => Token.isUnresolved(z)) || distinct.length >= 2, 'vpc', props.vpc.node.path,
        `has its ${subnetType} subnets in ${distinct.length} availability zone(s) (${distinct.join(', ')}): `
        + 'an application load balancer needs subnets in at least two');
    } catch (e) {
      errors.add('vpc', props.vpc.node.path, `has no ${subnetType} subnets, which ${internal ? 'an internal' : 'an internet-facing'} `
        + `load balancer needs (${(e as Error).message})`);
    }
    errors.throwIfAny();

    this.vpc = props.vpc;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Shared application load balancer ${this.node.path}`,
      allowAllOutbound: false,
    });
    const peer = internal ? ec2.Peer.ipv4(props.vpc.vpcCidrBlock) : ec2.Peer.anyIpv4();
    securityGroup.addIngressRule(peer, ec2.Port.tcp(443), 'HTTPS');
    securityGroup.addIngressRule(peer, ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    this.securityGroup = securityGroup;
    this.connections = new ec2.Connections({ securityGroups: [securityGroup] });
    if (!internal) {
      const reason = 'An internet-facing load balancer answers everyone on 443 (and redirects 80 to 443)';
      Validations.of(securityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason });
      (securityGroup.node.defaultChild as CfnResource).addMetadata('checkov', {
        skip: [{ id: 'CKV_AWS_260', comment: `${reason}: port 80 only answers with a redirect to HTTPS` }],
      });
    }

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Resource', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: internal ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC },
      internetFacing: !internal,
      securityGroup,
      deletionProtection: props.deletionProtection ?? true,
      dropInvalidHeaderFields: true,
      idleTimeout,
    });
    this.loadBalancerArn = this.loadBalancer.loadBalancerArn;
    securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.allTcp(), 'Targets: the instances of the environments, in the VPC');

    const bucket = props.accessLogsBucket ?? this.createAccessLogsBucket(retention, props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.accessLogsBucket = bucket;
    this.loadBalancer.logAccessLogs(bucket, props.accessLogsPrefix ?? 'shared-alb');

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: SharedLoadBalancer.HTTPS_PORT,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [props.certificate],
      sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'text/plain',
        messageBody: 'No application answers for this host name.',
      }),
    });
    this.httpListener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    for (const rule of ['HIPAA.Security-ELBv2ACMCertificateRequired', 'NIST.800.53.R5-ELBv2ACMCertificateRequired']) {
      Validations.of(this.httpListener).acknowledge({ id: rule, reason: 'The HTTP listener only redirects to the HTTPS listener, which uses the ACM certificate' });
    }

    if (props.webAclArn) {
      new wafv2.CfnWebACLAssociation(this, 'WebAcl', { resourceArn: this.loadBalancerArn, webAclArn: props.webAclArn });
    } else {
      for (const rule of ['NIST.800.53.R5-ALBWAFEnabled', 'HIPAA.Security-ALBWAFEnabled']) {
        Validations.of(this.loadBalancer).acknowledge({ id: rule, reason: 'No web ACL unless webAclArn is given: WAF rules (and their cost) are the application owner\'s choice' });
      }
    }
  }

  /** Adds certificates (SNI) to the HTTPS listener, e.g. one per domain of the environments. */
  public addCertificates(...certificates: acm.ICertificate[]): void {
    const errors = new PropsErrors(this);
    checkCertificates(this, errors, 'addCertificates', certificates);
    errors.throwIfAny();
    this.httpsListener.addCertificates('Certificates', certificates.map((c) => elbv2.ListenerCertificate.fromCertificateManager(c)));
  }

  private createAccessLogsBucket(retention: Duration, removalPolicy: RemovalPolicy): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: retention, noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    const logsReason = 'This bucket holds the load balancer\'s access logs; logging access to it would need another log bucket';
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: logsReason },
      { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: logsReason },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: logsReason },
      { id: 'HIPAA.Security-S3DefaultEncryptionKMS', reason: 'Load balancer access logs support only SSE-S3 encryption, not KMS keys' },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'Load balancer access logs support only SSE-S3 encryption, not KMS keys' },
      { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: 'Access logs are operational data kept for a year; a replica would double their cost' },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Access logs are operational data kept for a year; a replica would double their cost' },
    );
    return bucket;
  }
}

/** Each certificate is an ACM certificate (or IAM server certificate) of the stack's region. */
function checkCertificates(scope: Construct, errors: PropsErrors, prop: string, certificates: acm.ICertificate[]): void {
  const region = Stack.of(scope).region;
  for (const certificate of certificates) {
    const problem = certificateArnProblem(certificate.certificateArn, Token.isUnresolved(region) ? undefined : region);
    errors.check(problem === undefined, prop, certificate.certificateArn, problem ?? '');
  }
}
