import { EventEmitter } from 'node:events';
import * as https from 'node:https';
import { httpsStatus } from '../../../src/private/runtime/https-probe';

jest.mock('node:https', () => ({ get: jest.fn() }));
const get = https.get as unknown as jest.Mock;

function answer(behaviour: (request: EventEmitter, callback: (r: any) => void) => void) {
  get.mockImplementation((_url: string, _options: any, callback: any) => {
    const request = Object.assign(new EventEmitter(), { destroy: (e: Error) => request.emit('error', e) });
    setImmediate(() => behaviour(request, callback));
    return request;
  });
}

test('returns the status and checks the chain but not the host name', async () => {
  answer((_req, callback) => callback({ statusCode: 204, resume: () => undefined }));
  expect(await httpsStatus('https://shop.us-east-1.elasticbeanstalk.com/health')).toBe(204);
  const options = get.mock.calls[0][1];
  expect(options.timeout).toBe(10_000);
  expect(options.checkServerIdentity('shop.us-east-1.elasticbeanstalk.com', {})).toBeUndefined();
  expect(options.rejectUnauthorized).toBeUndefined();
});

test('fails when nothing answers in time', async () => {
  answer((req) => req.emit('timeout'));
  await expect(httpsStatus('https://x.example/health', 50)).rejects.toThrow(/no answer within 50 ms/);
});
