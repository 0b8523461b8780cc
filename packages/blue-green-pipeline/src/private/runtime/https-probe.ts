import * as https from 'node:https';

/**
 * Requests an HTTPS URL on an Elastic Beanstalk CNAME and returns its status.
 *
 * The certificate chain is verified, but not the host name: the load balancer
 * presents the certificate of your domain, which never names the environment's
 * CNAME. Only the status is read; nothing is sent but a GET.
 */
export function httpsStatus(url: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { checkServerIdentity: () => undefined, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
