/**
 * A route answers only requests that came through the front door: without the origin
 * secret in X-Origin-Verify, or with a wrong one, a 403 problem before anything else runs;
 * the header never reaches the use case.
 */
import { originVerification } from '../../../../functions/http/middleware/origin-verification';
import { HttpProblem, problemResponse } from '../../../../functions/http/middleware/problem-mapping';
import { httpEvent, refusalOf } from './request';

const secret = 'the-origin-secret';
const middleware = originVerification(async (presented) => presented === secret);

test('a request carrying the origin secret passes, and the header is gone afterwards', async () => {
  const event = httpEvent({ headers: { 'content-type': 'application/json', 'x-origin-verify': secret } });
  expect(await refusalOf(middleware, event)).toBeUndefined();
  expect(event.headers).toEqual({ 'content-type': 'application/json' });
});

test.each([
  ['without the header', {}],
  ['with a wrong value', { 'x-origin-verify': 'guessed' }],
  ['with an empty value', { 'x-origin-verify': '' }],
])('a request %s is a 403 problem', async (_case, headers) => {
  const refusal = await refusalOf(middleware, httpEvent({ headers }));
  expect(refusal).toBeInstanceOf(HttpProblem);
  const response = problemResponse(refusal, 'request-1');
  expect(response.statusCode).toBe(403);
  expect(JSON.parse(response.body ?? '{}')).toMatchObject({ status: 403, type: 'urn:problem:not-through-front-door' });
  expect(response.body).not.toContain(secret);
});
