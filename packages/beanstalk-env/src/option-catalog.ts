import { Token } from 'aws-cdk-lib';
import { CATALOG, CATALOG_RETRIEVED, CATALOG_SOURCE, CatalogOption, findCatalogNamespace as findNamespace } from './private/catalog-data';
import { didYouMean } from './private/suggest';

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
      return `namespace '${namespace}' is not in the option catalog${didYouMean(namespace, namespaceCandidates(namespace))}`;
    }
    if (ns.anyOption) {
      return ns.optionPattern && !new RegExp(ns.optionPattern).test(optionName)
        ? `option '${optionName}' of '${namespace}' must be ${ns.optionPatternDescription}`
        : undefined;
    }
    const option = ns.options[optionName];
    if (!option) {
      return `option '${optionName}' is not in namespace '${namespace}' of the option catalog${didYouMean(optionName, Object.keys(ns.options))}`;
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

/** Catalog namespaces to suggest for a misspelt one, `<name>` filled with the given name's last part. */
function namespaceCandidates(namespace: string): string[] {
  const last = namespace.substring(namespace.lastIndexOf(':') + 1);
  return CATALOG.map((ns) => (ns.namespace.endsWith(':<name>') ? ns.namespace.replace('<name>', last) : ns.namespace));
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
    case 'json':
      try {
        JSON.parse(value);
        return undefined;
      } catch (e) {
        return `value must be a JSON document (${(e as Error).message})`;
      }
    case 'list': {
      const items = value.split(',').map((v) => v.trim());
      if (option.maxItems !== undefined && items.length > option.maxItems) {
        return `value '${value}' must be a comma-separated list of at most ${option.maxItems} items`;
      }
      if (option.values) {
        const bad = items.filter((v) => !option.values!.includes(v));
        return bad.length ? `value '${value}' must be a comma-separated list of ${option.values.join(', ')}${caseHint(bad[0], option.values)}` : undefined;
      }
      if (option.itemPattern) {
        const bad = items.find((v) => !Token.isUnresolved(v) && !new RegExp(option.itemPattern!).test(v));
        return bad !== undefined ? `item '${bad}' of '${value}' must be ${option.itemPatternDescription}` : undefined;
      }
      return undefined;
    }
    default:
      if (option.values && !matchesValue(option, value)) {
        return `value '${value}' must be one of ${option.values.join(', ')}${caseHint(value, option.values)}`;
      }
      if (option.pattern && !new RegExp(option.pattern, option.ignoreCase ? 'i' : '').test(value)) {
        return `value '${value}' must be ${option.patternDescription}`;
      }
      return undefined;
  }
}

function matchesValue(option: CatalogOption, value: string): boolean {
  return option.ignoreCase ? option.values!.some((v) => v.toLowerCase() === value.toLowerCase()) : option.values!.includes(value);
}

/** ` (case matters: 'application', not 'Application')` when the value differs from an allowed one only in case. */
function caseHint(value: string, values: readonly string[]): string {
  const same = values.find((v) => v.toLowerCase() === value.toLowerCase());
  return same !== undefined ? ` (case matters: '${same}', not '${value}')` : didYouMean(value, values);
}

/** The seconds of an ISO 8601 duration such as `PT1H30M`, or `undefined` when it is not one. */
function isoDurationSeconds(value: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  if (!m || value === 'PT') {
    return undefined;
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
