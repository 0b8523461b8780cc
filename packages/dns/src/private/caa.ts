/**
 * The CAA issuer domains that let AWS Certificate Manager issue a certificate (any one of them
 * is enough). Source: "Certification Authority Authorization (CAA) problems", AWS Certificate
 * Manager User Guide, https://docs.aws.amazon.com/acm/latest/userguide/setup-caa.html.
 */
export const AMAZON_CAA_ISSUERS = ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'];

/**
 * Whether CAA record values (Route 53 format, e.g. `0 issue "amazon.com"`) of one name let
 * Amazon issue a (non-wildcard) certificate: there is no `issue` tag at all, or one names Amazon.
 */
export function amazonMayIssue(values: string[]): boolean {
  const issuers = values
    .map((v) => /^\d+\s+issue\s+"([^";]*)/i.exec(v))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1].trim().toLowerCase());
  return issuers.length === 0 || issuers.some((i) => AMAZON_CAA_ISSUERS.includes(i));
}
