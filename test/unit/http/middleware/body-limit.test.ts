/** The body limit: the body kept as received (decoded from base64), refused over the limit. */
import { PayloadTooLargeError } from '../../../../functions/core/errors';
import { bodyLimit } from '../../../../functions/http/middleware/body-limit';
import { httpEvent, middyRequest, refusalOf } from './request';

test('a body within the limit is kept as rawBody, decoded when API Gateway sent base64', async () => {
  const plain = middyRequest(httpEvent({ body: '{"note":"收到"}' }));
  await bodyLimit(64).before?.(plain);
  expect(plain.event.rawBody).toBe('{"note":"收到"}');
  const encoded = middyRequest(httpEvent({ body: Buffer.from('{"note":"收到"}').toString('base64'), isBase64Encoded: true }));
  await bodyLimit(64).before?.(encoded);
  expect(encoded.event.rawBody).toBe('{"note":"收到"}');
});

test('the limit counts bytes, not characters', async () => {
  // 20 characters, 60 bytes in UTF-8.
  expect(await refusalOf(bodyLimit(59), httpEvent({ body: '收'.repeat(20) }))).toBeInstanceOf(PayloadTooLargeError);
  expect(await refusalOf(bodyLimit(60), httpEvent({ body: '收'.repeat(20) }))).toBeUndefined();
});

test('no body: nothing to keep, nothing refused', async () => {
  const request = middyRequest(httpEvent({ body: undefined }));
  await bodyLimit(1).before?.(request);
  expect(request.event.rawBody).toBeUndefined();
});
