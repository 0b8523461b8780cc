/**
 * Domain name rules (RFC 1035 "preferred name syntax" as Route 53 and ACM accept it):
 * labels of 1 to 63 letters, digits and hyphens that neither start nor end with a hyphen,
 * at most 253 characters in all (without the trailing dot). An underscore is allowed at the
 * start of a label of a record name (`_dmarc`, `_domainkey`, `_acme-challenge`, SRV's
 * `_sip._tcp`), and `*` as a whole first label (a wildcard).
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const RECORD_LABEL = /^_?[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Removes one trailing dot and lowercases. */
export function normalizeName(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

/**
 * Problems with a host or zone name, each phrased to follow the value in a message
 * (e.g. `must not be longer than 253 characters`). Empty when the name is valid.
 *
 * @param name the name, with or without a trailing dot
 * @param recordName whether underscores and a leading wildcard label are allowed (record names)
 */
export function domainNameProblems(name: string, recordName: boolean = false): string[] {
  const fqdn = name.endsWith('.') ? name.slice(0, -1) : name;
  if (fqdn.length === 0) {
    return ['must not be empty'];
  }
  const problems: string[] = [];
  if (fqdn.length > 253) {
    problems.push(`must not be longer than 253 characters (it has ${fqdn.length})`);
  }
  const labels = fqdn.split('.');
  labels.forEach((label, i) => {
    if (label.length === 0) {
      problems.push('must not contain an empty label (two dots in a row, or a leading dot)');
    } else if (label.length > 63) {
      problems.push(`must not have a label longer than 63 characters ('${label.slice(0, 12)}...' has ${label.length})`);
    } else if (recordName && i === 0 && label === '*') {
      // a wildcard record
    } else if (label.startsWith('-') || label.endsWith('-')) {
      problems.push(`must not have a label that starts or ends with a hyphen ('${label}')`);
    } else if (!(recordName ? RECORD_LABEL : LABEL).test(label)) {
      problems.push(`must only contain letters, digits and hyphens in each label ('${label}')`);
    }
  });
  const tld = labels[labels.length - 1];
  if (/^[0-9]+$/.test(tld)) {
    problems.push(`must not end with an all-numeric label ('${tld}')`);
  }
  return problems;
}

/** Whether `name` is `zone` or a name below it (both normalized). */
export function isInZone(name: string, zone: string): boolean {
  const n = normalizeName(name);
  const z = normalizeName(zone);
  return n === z || n.endsWith(`.${z}`);
}
