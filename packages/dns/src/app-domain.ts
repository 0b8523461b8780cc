import { Acknowledgements, Concern, PropsErrors } from '@ebkit/core';
import { Annotations, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { BeanstalkEnvironmentTarget } from './beanstalk-environment-target';
import { CanonicalRedirect } from './canonical-redirect';
import { ElasticBeanstalkHostedZones } from './elastic-beanstalk-hosted-zones';
import { MaintenancePage } from './maintenance-page';
import { amazonMayIssue } from './private/caa';
import { certificateRegion, CLOUDFRONT_CERTIFICATE_REGION } from './private/cloudfront';
import { domainNameProblems, isInZone, normalizeName } from './private/domain-name';
import { claimRecordSet } from './private/record-registry';
import { ZoneFile } from './zone-file';
import { ZoneRecords } from './zone-records';

/** Which of the apex and `www` is the app's one address; the other redirects to it. */
export enum CanonicalHost {
  /** `example.com`; `www.example.com` redirects to it. */
  APEX = 'APEX',
  /** `www.example.com`; `example.com` redirects to it. */
  WWW = 'WWW',
}

/**
 * Props of {@link AppDomain}.
 */
export interface AppDomainProps {
  /**
   * The app's domain name, usually the apex of the zone, e.g. `example.com`.
   */
  readonly domainName: string;

  /**
   * The hosted zone that holds the records. Import an existing zone with
   * `HostedZone.fromHostedZoneAttributes` (never a lookup); `domainName` must be inside it.
   *
   * @default - a new public hosted zone named `domainName`, retained on stack deletion, with its
   * name servers as the `NameServers` output
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The stable production CNAME prefix of the live Elastic Beanstalk environment: the records
   * alias `<cnamePrefix>.<region>.elasticbeanstalk.com`, so they follow a CNAME swap.
   */
  readonly cnamePrefix: string;

  /**
   * The region of the Elastic Beanstalk environment.
   *
   * @default - the stack's region, which must then be resolved (an explicit `env.region`)
   */
  readonly region?: string;

  /**
   * Whether `www.<domainName>` gets the same alias records as `domainName`.
   *
   * @default true
   */
  readonly www?: boolean;

  /**
   * Whether to create AAAA alias records next to the A records. They answer with IPv6
   * addresses only when the environment's load balancer is dualstack; otherwise they are
   * harmless empty answers.
   *
   * @default true
   */
  readonly ipv6?: boolean;

  /**
   * Whether to create an ACM certificate for `domainName` (and `www.<domainName>` when `www`
   * is on, and `certificateSubdomains`), validated through DNS records in the zone. It is made in
   * the stack's region, which must be the environment's region for its load balancer to use it.
   *
   * @default true
   */
  readonly certificate?: boolean;

  /**
   * More names the certificate covers, each `domainName` or below it, e.g. `api.example.com`
   * or `*.example.com`.
   *
   * @default - none
   */
  readonly certificateSubdomains?: string[];

  /**
   * What happens to a hosted zone this construct creates, and to the maintenance page's buckets,
   * when they leave the stack. A new zone gets new name servers, so a deleted zone breaks the
   * domain until the registrar is updated.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The records of the domain's current DNS host, read from its BIND zone file export, to carry
   * into the zone (MX, SPF/DKIM/DMARC and verification TXT, subdomains...). The A, AAAA and CNAME
   * records of the alias names are left out: the aliases to the environment replace them.
   *
   * @default - no records besides the aliases and the certificate validation
   */
  readonly zoneFile?: ZoneFile;

  /**
   * The longest TTL of the records from `zoneFile`: lower it while moving the domain.
   *
   * @default - the zone file's TTLs
   */
  readonly zoneFileMaxTtl?: Duration;

  /**
   * Which of the apex and `www` is the app's address. With `redirectToCanonical` (the default)
   * the other one answers with a 301 to it; only the canonical name aliases the environment.
   *
   * @default CanonicalHost.APEX
   */
  readonly canonicalHost?: CanonicalHost;

  /**
   * Whether the non-canonical name (`redirectDomainNames`) answers with a 301 to the canonical
   * one, keeping the path and query: a `CanonicalRedirect` (CloudFront and a CloudFront Function)
   * that its A and AAAA records alias. It needs `cloudFrontCertificate` unless the stack is in
   * us-east-1 with `certificate` on. When false, both names alias the environment and the app
   * redirects (or serves both).
   *
   * @default true
   */
  readonly redirectToCanonical?: boolean;

  /**
   * The certificate CloudFront serves for the canonical redirect and the maintenance page: in
   * us-east-1 (CloudFront uses no other region's certificates), covering the alias names. Needed
   * when the stack is not in us-east-1 (or `certificate` is false) and either is on; create it in
   * a us-east-1 stack, e.g. `acm.Certificate` validated through the same zone.
   *
   * @default - the domain's certificate, when the stack is in us-east-1
   */
  readonly cloudFrontCertificate?: acm.ICertificate;

  /**
   * Whether Route 53 checks the environment's health (`healthCheckPath` on its CNAME, so the
   * check follows CNAME swaps). Its `HealthCheckStatus` metric can drive an alarm.
   *
   * @default false
   */
  readonly healthCheck?: boolean;

  /**
   * The path the health check requests; a 2xx or 3xx answer is healthy.
   *
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * Whether the health check uses HTTPS (port 443) rather than HTTP (port 80). Route 53 does not
   * validate the certificate, so the environment's certificate for `domainName` is fine.
   *
   * @default - HTTPS when `certificate` is on, else HTTP
   */
  readonly healthCheckHttps?: boolean;

  /**
   * Whether to sign the zone with DNSSEC. Route 53 needs the key-signing key's KMS key in
   * us-east-1; after deployment give the registrar the `DsRecord` output.
   *
   * @default false
   */
  readonly dnssec?: boolean;

  /**
   * The KMS key that signs the zone: asymmetric ECC_NIST_P256, SIGN_VERIFY, customer managed, in
   * us-east-1, one per key-signing key. Needed when the stack is not in us-east-1.
   *
   * @default - a new key, retained on deletion, when the stack is in us-east-1
   */
  readonly dnssecKey?: kms.IKey;

  /**
   * Whether the app's alias records fail over to a static maintenance page (`MaintenancePage`:
   * a private S3 bucket behind CloudFront, status 503 on every path) while the health check finds
   * the environment down. Turns the health check on. It needs `cloudFrontCertificate` unless the
   * stack is in us-east-1 with `certificate` on.
   *
   * @default false
   */
  readonly maintenancePage?: boolean;

  /**
   * The maintenance page's HTML, a complete document.
   *
   * @default - a short "we'll be right back" page
   */
  readonly maintenanceHtml?: string;

  /**
   * A local directory to publish as the maintenance page instead of `maintenanceHtml`: its
   * `index.html` and the files it refers to as `/maintenance/<file>`.
   *
   * @default - the `maintenanceHtml` page alone
   */
  readonly maintenanceDirectory?: string;
}

/**
 * The domain of a web app on Elastic Beanstalk: a hosted zone (new or imported), alias A and
 * AAAA records for the canonical name (apex or `www`) that point at the live environment's stable
 * CNAME (`<cnamePrefix>.<region>.elasticbeanstalk.com`, so they follow a blue/green CNAME swap), a
 * 301 from the other name to it, and an ACM certificate validated through the zone.
 *
 * @example
 * const domain = new AppDomain(this, 'Domain', {
 *   domainName: 'example.com',
 *   cnamePrefix: 'myapp-prod',
 * });
 */
export class AppDomain extends Construct {
  /** The hosted zone that holds the records. */
  public readonly hostedZone: route53.IHostedZone;

  /** The certificate, unless `certificate` is false. */
  public readonly certificate?: acm.ICertificate;

  /** The app's domain name, lowercase, without a trailing dot. */
  public readonly domainName: string;

  /** The alias target: the live environment's CNAME in its region's Elastic Beanstalk hosted zone. */
  public readonly target: BeanstalkEnvironmentTarget;

  /** Every name that has alias records (the apex, then `www` when on). */
  public readonly aliasNames: string[];

  /** The names that alias the environment: the canonical name, or every alias name without the redirect. */
  public readonly appDomainNames: string[];

  /** The records carried from `zoneFile`, if one was given. */
  public readonly zoneRecords?: ZoneRecords;

  /** The app's one name: the apex or `www`, per `canonicalHost`. */
  public readonly canonicalDomainName: string;

  /** The app's address, `https://<canonicalDomainName>/` (`http` without a certificate). */
  public readonly canonicalUrl: string;

  /** The alias names that redirect to `canonicalUrl` (or that the app should redirect, when `redirectToCanonical` is off). */
  public readonly redirectDomainNames: string[];

  /** The redirect of `redirectDomainNames` to the canonical name, when `redirectToCanonical` is on and `www` is. */
  public readonly canonicalRedirect?: CanonicalRedirect;

  /** The Route 53 health check of the environment, when `healthCheck` is on. */
  public readonly healthCheck?: route53.IHealthCheck;

  /** The maintenance page, when `maintenancePage` is on. */
  public readonly maintenancePage?: MaintenancePage;

  /** The key-signing key, when `dnssec` is on. */
  public readonly keySigningKey?: route53.IKeySigningKey;

  public constructor(scope: Construct, id: string, props: AppDomainProps) {
    super(scope, id);

    const stack = Stack.of(this);
    const region = props.region ?? stack.region;
    const www = props.www ?? true;
    const ipv6 = props.ipv6 ?? true;
    const wantCertificate = props.certificate ?? true;
    const certificateSubdomains = props.certificateSubdomains ?? [];
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const canonicalHost = props.canonicalHost ?? CanonicalHost.APEX;
    const maintenance = props.maintenancePage ?? false;
    const redirectToCanonical = props.redirectToCanonical ?? true;
    const redirecting = redirectToCanonical && www;
    const wantHealthCheck = props.healthCheck ?? maintenance;
    const healthCheckPath = props.healthCheckPath ?? '/health';
    const healthCheckHttps = props.healthCheckHttps ?? wantCertificate;
    const dnssec = props.dnssec ?? false;

    const errors = new PropsErrors(this);
    const domainUnresolved = Token.isUnresolved(props.domainName);
    if (domainUnresolved) {
      errors.add('domainName', props.domainName, 'must be a concrete name, not a token');
    } else {
      for (const problem of domainNameProblems(props.domainName)) {
        errors.add('domainName', props.domainName, problem);
      }
    }
    if (Token.isUnresolved(region)) {
      errors.add('region', region, 'must be given when the stack has no explicit env.region (the Elastic Beanstalk hosted zone id depends on it)');
    } else {
      errors.check(ElasticBeanstalkHostedZones.isKnownRegion(region), 'region', region,
        `has no known Elastic Beanstalk hosted zone id: must be one of ${ElasticBeanstalkHostedZones.regions().join(', ')}`);
    }
    errors.checkPattern('cnamePrefix', '^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$',
      'must be 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen', props.cnamePrefix);
    if (props.hostedZone && !domainUnresolved && !Token.isUnresolved(props.hostedZone.zoneName)) {
      errors.check(isInZone(props.domainName, props.hostedZone.zoneName), 'domainName', props.domainName,
        `must be the hosted zone's name or below it (${props.hostedZone.zoneName})`);
    }
    for (const name of certificateSubdomains) {
      if (Token.isUnresolved(name)) {
        continue;
      }
      const problems = domainNameProblems(name, true);
      problems.forEach((problem) => errors.add('certificateSubdomains', name, problem));
      if (problems.length === 0 && !domainUnresolved) {
        errors.check(isInZone(name, props.domainName), 'certificateSubdomains', name, `must be ${props.domainName} or below it`);
      }
    }
    if (wantCertificate && props.zoneFile && !domainUnresolved) {
      const domain = normalizeName(props.domainName);
      const caa = props.zoneFile.records.filter((r) => r.type === 'CAA' && isInZone(domain, r.name));
      const owner = caa.length > 0 ? caa.map((r) => r.name).sort((a, b) => b.length - a.length)[0] : undefined;
      const closest = caa.filter((r) => r.name === owner);
      errors.check(owner === undefined || amazonMayIssue(closest.map((r) => r.value)), 'zoneFile', `CAA records of ${owner} on lines ${closest.map((r) => r.line).join(', ')}`,
        'must allow Amazon to issue certificates (add 0 issue "amazon.com") or ACM cannot issue the certificate');
    }
    errors.check(www || canonicalHost === CanonicalHost.APEX, 'canonicalHost', canonicalHost, 'must be APEX when www is false');
    errors.checkPattern('healthCheckPath', '^/[\\x21-\\x7e]{0,254}$', 'must start with / and have at most 255 printable characters', healthCheckPath);
    errors.check(wantHealthCheck || !maintenance, 'healthCheck', props.healthCheck, 'must be on for maintenancePage (failover needs it)');
    const edgeCertificateWhy = wantCertificate ? `the stack is in ${Token.isUnresolved(stack.region) ? 'an unknown region' : stack.region}` : 'certificate is false';
    const ownEdgeCertificate = stack.region === CLOUDFRONT_CERTIFICATE_REGION && wantCertificate;
    errors.check(!maintenance || props.cloudFrontCertificate !== undefined || ownEdgeCertificate, 'maintenancePage', maintenance,
      `needs cloudFrontCertificate (a certificate in us-east-1 for CloudFront) because ${edgeCertificateWhy}`);
    errors.check(!redirecting || props.cloudFrontCertificate !== undefined || ownEdgeCertificate, 'redirectToCanonical', redirectToCanonical,
      `needs cloudFrontCertificate (a certificate in us-east-1 for CloudFront) because ${edgeCertificateWhy}; or set redirectToCanonical: false and redirect in the app`);
    errors.check(maintenance || redirecting || props.cloudFrontCertificate === undefined, 'cloudFrontCertificate', 'a certificate',
      'must only be set when maintenancePage or redirectToCanonical (with www) is on');
    if (props.cloudFrontCertificate) {
      const edgeRegion = certificateRegion(props.cloudFrontCertificate);
      errors.check(edgeRegion === undefined || edgeRegion === CLOUDFRONT_CERTIFICATE_REGION, 'cloudFrontCertificate', `a certificate in ${edgeRegion}`,
        `must be in ${CLOUDFRONT_CERTIFICATE_REGION}: CloudFront uses no other region's certificates`);
    }
    errors.check(maintenance || (props.maintenanceHtml === undefined && props.maintenanceDirectory === undefined), 'maintenancePage', maintenance,
      'must be on when maintenanceHtml or maintenanceDirectory is set');
    errors.check(wantHealthCheck || props.healthCheckPath === undefined, 'healthCheckPath', props.healthCheckPath, 'must not be set when healthCheck is false');
    errors.check(!dnssec || props.dnssecKey !== undefined || stack.region === 'us-east-1', 'dnssec', dnssec,
      `needs dnssecKey (a KMS key in us-east-1) because the stack is in ${stack.region}`);
    errors.check(dnssec || props.dnssecKey === undefined, 'dnssecKey', 'a key', 'must not be set when dnssec is false');
    errors.checkRange('zoneFileMaxTtl', 0, 2147483647, props.zoneFileMaxTtl?.toSeconds({ integral: false }));
    errors.check(props.zoneFileMaxTtl === undefined || props.zoneFile !== undefined, 'zoneFileMaxTtl',
      props.zoneFileMaxTtl?.toHumanString(), 'caps the TTLs of zoneFile records: give zoneFile too');
    if (!wantCertificate) {
      errors.check(certificateSubdomains.length === 0, 'certificateSubdomains', certificateSubdomains,
        'must be empty when certificate is false');
    }
    errors.throwIfAny();

    this.domainName = normalizeName(props.domainName);
    this.target = BeanstalkEnvironmentTarget.fromCnamePrefix(props.cnamePrefix, region);
    this.aliasNames = www ? [this.domainName, `www.${this.domainName}`] : [this.domainName];
    this.canonicalDomainName = canonicalHost === CanonicalHost.WWW ? `www.${this.domainName}` : this.domainName;
    this.canonicalUrl = `${wantCertificate ? 'https' : 'http'}://${this.canonicalDomainName}/`;
    this.redirectDomainNames = this.aliasNames.filter((n) => n !== this.canonicalDomainName);
    this.appDomainNames = redirecting ? [this.canonicalDomainName] : this.aliasNames;

    if (props.hostedZone) {
      this.hostedZone = props.hostedZone;
    } else {
      const zone = new route53.PublicHostedZone(this, 'HostedZone', {
        zoneName: this.domainName,
        comment: `${this.domainName}, managed by @ebkit/dns`,
      });
      zone.applyRemovalPolicy(removalPolicy);
      this.hostedZone = zone;
      new CfnOutput(this, 'NameServers', {
        description: `Name servers of the ${this.domainName} hosted zone: set them at the domain's registrar`,
        value: Fn.join(',', zone.hostedZoneNameServers!),
      });
    }

    if (props.zoneFile) {
      this.zoneRecords = new ZoneRecords(this, 'ZoneFileRecords', {
        zone: this.hostedZone,
        zoneFile: props.zoneFile,
        replaceAddressRecordsAt: this.aliasNames,
        maxTtl: props.zoneFileMaxTtl,
      });
    }

    if (wantHealthCheck) {
      this.healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
        type: healthCheckHttps ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
        fqdn: this.target.dnsName,
        port: healthCheckHttps ? 443 : 80,
        resourcePath: healthCheckPath,
        requestInterval: Duration.seconds(30),
        failureThreshold: 3,
      });
    }

    if (dnssec) {
      this.keySigningKey = this.enableDnssec(props.dnssecKey);
    }

    if (wantCertificate) {
      const names = [...this.aliasNames, ...certificateSubdomains.map(normalizeName)];
      const unique = names.filter((name, i) => names.indexOf(name) === i);
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: this.domainName,
        subjectAlternativeNames: unique.length > 1 ? unique.slice(1) : undefined,
        validation: acm.CertificateValidation.fromDns(this.hostedZone),
      });
      if (!Token.isUnresolved(stack.region) && stack.region !== region) {
        Annotations.of(this).addWarningV2('@ebkit/dns:certificateRegion',
          `the certificate is made in ${stack.region} but the environment runs in ${region}: its load balancer cannot use it`);
      }
    }

    const edgeCertificate = props.cloudFrontCertificate ?? this.certificate;
    if (maintenance) {
      this.maintenancePage = new MaintenancePage(this, 'MaintenancePage', {
        domainNames: this.appDomainNames,
        certificate: edgeCertificate!,
        html: props.maintenanceHtml,
        contentDirectory: props.maintenanceDirectory,
        removalPolicy,
      });
    }
    if (redirecting) {
      this.canonicalRedirect = new CanonicalRedirect(this, 'CanonicalRedirect', {
        domainNames: this.redirectDomainNames,
        targetDomainName: this.canonicalDomainName,
        certificate: edgeCertificate!,
        https: wantCertificate,
        logBucket: this.maintenancePage?.logBucket,
      });
    }

    const appTarget = route53.RecordTarget.fromAlias(this.target);
    // failover: the primary also evaluates the environment's load balancer health
    const primaryTarget = route53.RecordTarget.fromAlias({
      bind: (record, zone) => ({ ...this.target.bind(record, zone), evaluateTargetHealth: true }),
    });
    const recordIds = ['Apex', 'Www'];
    const redirectTarget = this.canonicalRedirect
      ? route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.canonicalRedirect.distribution)) : undefined;
    this.aliasNames.forEach((name, i) => {
      for (const type of ipv6 ? ['A', 'AAAA'] : ['A']) {
        const suffix = type === 'A' ? 'A' : 'Aaaa';
        if (redirectTarget && this.redirectDomainNames.includes(name)) {
          this.aliasRecord(`${recordIds[i]}${suffix}`, name, type, redirectTarget);
        } else if (this.maintenancePage) {
          this.aliasRecord(`${recordIds[i]}${suffix}`, name, type, primaryTarget, route53.Failover.PRIMARY);
          this.maintenanceRecord(`${recordIds[i]}Maintenance${suffix}`, name, type, this.maintenancePage);
        } else {
          this.aliasRecord(`${recordIds[i]}${suffix}`, name, type, appTarget);
        }
      }
    });
  }

  /**
   * The SECONDARY failover record to the maintenance page. An L1 resource: aws-cdk-lib requires
   * EvaluateTargetHealth on every failover alias, but Route 53 does not allow it for CloudFront.
   */
  private maintenanceRecord(id: string, name: string, type: string, page: MaintenancePage): void {
    claimRecordSet(this, this.hostedZone, name, type, 'maintenance');
    new route53.CfnRecordSet(this, id, {
      hostedZoneId: this.hostedZone.hostedZoneId,
      name: `${name}.`,
      type,
      setIdentifier: 'maintenance',
      failover: 'SECONDARY',
      aliasTarget: {
        dnsName: page.distribution.distributionDomainName,
        hostedZoneId: targets.CloudFrontTarget.getHostedZoneId(this),
        evaluateTargetHealth: false,
      },
    });
  }

  /** An alias record of the app; with `failover`, one of a failover pair. */
  private aliasRecord(id: string, name: string, type: string, target: route53.RecordTarget, failover?: route53.Failover): void {
    const setIdentifier = failover === undefined ? undefined : failover === route53.Failover.PRIMARY ? 'app' : 'maintenance';
    claimRecordSet(this, this.hostedZone, name, type, setIdentifier);
    const common = {
      zone: this.hostedZone,
      recordName: `${name}.`,
      target,
      failover,
      setIdentifier,
      healthCheck: failover === route53.Failover.PRIMARY ? this.healthCheck : undefined,
    };
    if (type === 'A') {
      new route53.ARecord(this, id, common);
    } else {
      new route53.AaaaRecord(this, id, common);
    }
  }

  /** Signs the zone: key-signing key, DNSSEC resource, and the DS record as an output. */
  private enableDnssec(key?: kms.IKey): route53.IKeySigningKey {
    const kmsKey = key ?? new kms.Key(this, 'DnssecKey', {
      description: `DNSSEC key-signing key of ${this.domainName}`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const ksk = new route53.KeySigningKey(this, 'KeySigningKey', { hostedZone: this.hostedZone, kmsKey, keySigningKeyName: 'ebkit' });
    const dnssec = new route53.CfnDNSSEC(this, 'Dnssec', { hostedZoneId: this.hostedZone.hostedZoneId });
    dnssec.node.addDependency(ksk);

    const ds = new cr.AwsCustomResource(this, 'DsRecordLookup', {
      onUpdate: {
        service: 'Route53',
        action: 'getDNSSEC',
        parameters: { HostedZoneId: this.hostedZone.hostedZoneId },
        physicalResourceId: cr.PhysicalResourceId.of(`${this.hostedZone.hostedZoneId}-dnssec`),
        outputPaths: ['KeySigningKeys.0.DSRecord'],
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.hostedZone.hostedZoneArn] }),
      installLatestAwsSdk: false,
    });
    ds.node.addDependency(dnssec);
    acknowledgeLookupFindings(ds);
    new CfnOutput(this, 'DsRecord', {
      description: `DS record of ${this.domainName}: give it to the domain's registrar to complete the DNSSEC chain of trust`,
      value: ds.getResponseField('KeySigningKeys.0.DSRecord'),
    });
    return ksk;
  }
}

/** The ID of the Lambda function that aws-cdk-lib shares between every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * Acknowledges the findings of the read-only GetDNSSEC lookup: aws-cdk-lib's shared
 * AwsCustomResource provider function and the inline policy it attaches.
 */
function acknowledgeLookupFindings(lookup: cr.AwsCustomResource): void {
  const policy = lookup.node.tryFindChild('CustomResourcePolicy');
  const reason = 'a read-only lookup of the DS record (route53:GetDNSSEC on this zone) that runs only on deployment';
  if (policy) {
    Acknowledgements.add(policy, Concern.CDK_INLINE_POLICY, `${reason}; the policy is scoped to this call and this zone`);
  }
  const provider = Stack.of(lookup).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
  if (provider) {
    const role = provider.node.tryFindChild('ServiceRole');
    if (role) {
      Acknowledgements.awsManagedPolicies(role, ['service-role/AWSLambdaBasicExecutionRole'], `${reason}; AWSLambdaBasicExecutionRole only lets it write its own logs`);
    }
    Acknowledgements.add(provider, Concern.DEPLOYMENT_HANDLER, `${reason}: CloudFormation calls it once per stack update, reports a failure itself, and it only calls the Route 53 API`);
  }
}
