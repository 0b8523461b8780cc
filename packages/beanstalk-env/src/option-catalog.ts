import { Token } from 'aws-cdk-lib';
import { CATALOG, CATALOG_RETRIEVED, CATALOG_SOURCE, CatalogNamespace, CatalogOption } from './private/catalog-data';

/**
 * The catalog of valid Elastic Beanstalk option settings shipped with this
 * package: the namespaces and option names it emits and the common ones users
 * add, with allowed values or ranges where the documentation gives them.
 *
 * Every `BeanstalkEnvironment` checks each of its option settings against it
 * at synth time, so a misspelt namespace or option fails the synth instead of
 * a deployment.
 */
export class OptionCatalog {
  /** The documentation the catalog was written from. */
  public static readonly SOURCE = CATALOG_SOURCE;
  /** The date (YYYY-MM-DD) the catalog was last checked against its source. */
  public static readonly RETRIEVED = CATALOG_RETRIEVED;

  /** Whether a namespace is in the catalog. */
  public static isKnownNamespace(namespace: string): boolean {
    return findNamespace(namespace) !== undefined;
  }

  /** Whether a `(namespace, option)` pair is in the catalog (deprecated ones included). */
  public static isKnownOption(namespace: string, optionName: string): boolean {
    const ns = findNamespace(namespace);
    return ns !== undefined && (ns.anyOption === true || optionName in ns.options);
  }

  /**
   * Checks one setting. Returns why it is invalid, or `undefined` when it is
   * valid. Values that are unresolved tokens are not judged.
   */
  public static check(namespace: string, optionName: string, value: string): string | undefined {
    if (namespace.startsWith('aws:elb:')) {
      return `namespace '${namespace}' configures a classic load balancer: use the aws:elbv2:* namespaces`;
    }
    const ns = findNamespace(namespace);
    if (!ns) {
      return `namespace '${namespace}' is not in the option catalog`;
    }
    if (ns.anyOption) {
      return ns.optionPattern && !new RegExp(ns.optionPattern).test(optionName)
        ? `option '${optionName}' of '${namespace}' must be ${ns.optionPatternDescription}`
        : undefined;
    }
    const option = ns.options[optionName];
    if (!option) {
      return `option '${optionName}' is not in namespace '${namespace}' of the option catalog`;
    }
    if (option.deprecated) {
      return `option '${optionName}' of '${namespace}' is deprecated: ${option.deprecated}`;
    }
    if (Token.isUnresolved(value)) {
      return undefined;
    }
    return checkValue(option, value);
  }

  /** The whole catalog as JSON: `{ source, retrieved, namespaces: [...] }`. */
  public static toJson(): any {
    return { source: CATALOG_SOURCE, retrieved: CATALOG_RETRIEVED, namespaces: CATALOG };
  }

  private constructor() {}
}

function findNamespace(namespace: string): CatalogNamespace | undefined {
  return CATALOG.find((ns) => {
    if (ns.namespace.endsWith(':<name>')) {
      const prefix = ns.namespace.substring(0, ns.namespace.length - '<name>'.length);
      return namespace.startsWith(prefix) && /^[A-Za-z0-9_.-]+$/.test(namespace.substring(prefix.length));
    }
    return ns.namespace === namespace;
  });
}

function checkValue(option: CatalogOption, value: string): string | undefined {
  if (option.alsoAllowed?.includes(value)) {
    return undefined;
  }
  switch (option.type) {
    case 'boolean':
      return /^(true|false)$/i.test(value) ? undefined : `value '${value}' must be true or false`;
    case 'integer': {
      const n = Number(value);
      if (!/^-?\d+$/.test(value.trim()) || n < option.min! || n > option.max!) {
        return `value '${value}' must be a whole number between ${option.min} and ${option.max}`;
      }
      return undefined;
    }
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || isNaN(n) || n < option.min! || n > option.max!) {
        return `value '${value}' must be a number between ${option.min} and ${option.max}`;
      }
      return undefined;
    }
    case 'duration': {
      const s = isoDurationSeconds(value);
      if (s === undefined || s < option.min! || s > option.max!) {
        return `value '${value}' must be an ISO 8601 duration (PT#H#M#S) between ${option.min} and ${option.max} seconds`;
      }
      return undefined;
    }
    case 'httpCodes': {
      const ok = value.split(',').every((part) => {
        const m = /^\s*(\d{3})(?:-(\d{3}))?\s*$/.exec(part);
        return m !== null && [m[1], m[2] ?? m[1]].every((c) => Number(c) >= option.min! && Number(c) <= option.max!)
          && Number(m[1]) <= Number(m[2] ?? m[1]);
      });
      return ok ? undefined : `value '${value}' must be HTTP codes (e.g. 200 or 200-299, comma-separated) between ${option.min} and ${option.max}`;
    }
    case 'list':
      if (option.maxItems !== undefined && value.split(',').length > option.maxItems) {
        return `value '${value}' must be a comma-separated list of at most ${option.maxItems} items`;
      }
      if (option.values) {
        const bad = value.split(',').map((v) => v.trim()).filter((v) => !option.values!.includes(v));
        return bad.length ? `value '${value}' must be a comma-separated list of ${option.values.join(', ')}` : undefined;
      }
      return undefined;
    default:
      if (option.values && !option.values.includes(value)) {
        return `value '${value}' must be one of ${option.values.join(', ')}`;
      }
      if (option.pattern && !new RegExp(option.pattern).test(value)) {
        return `value '${value}' must be ${option.patternDescription}`;
      }
      return undefined;
  }
}

/** The seconds of an ISO 8601 duration such as `PT1H30M`, or `undefined` when it is not one. */
function isoDurationSeconds(value: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  if (!m || value === 'PT') {
    return undefined;
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
