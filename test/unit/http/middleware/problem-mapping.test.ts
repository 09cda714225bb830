/** Problem mapping (RFC 9457): a domain error keeps its status and message; anything else is a 500 that tells nothing. */
import { InvalidRequestError, NotFoundError } from '../../../../functions/core/errors';
import { problemMapping } from '../../../../functions/http/middleware/problem-mapping';
import { linesWrittenBy } from '../../../support/log-lines';
import { httpEvent, middyRequest } from './request';

async function mapped(error: unknown) {
  const request = middyRequest(httpEvent());
  request.error = error as Error;
  await problemMapping('testRoute').onError?.(request);
  return { ...request.response!, problem: JSON.parse(request.response?.body ?? '{}') };
}

test('a named domain error is a problem document with its status, the request as instance', async () => {
  const response = await mapped(new InvalidRequestError('The request body is invalid', [{ path: 'body.amount', message: 'Required' }]));
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.problem).toEqual({
    type: 'urn:problem:invalid-request',
    title: 'Bad Request',
    status: 400,
    detail: 'The request body is invalid',
    instance: 'request-1',
    errors: [{ path: 'body.amount', message: 'Required' }],
  });
  expect((await mapped(new NotFoundError('no such loan'))).statusCode).toBe(404);
});

test('anything else is a 500 that names no internals and is logged once, without the event', async () => {
  let response: Awaited<ReturnType<typeof mapped>> | undefined;
  const logged = await linesWrittenBy(async () => {
    response = await mapped(new Error('ConditionalCheckFailed on table p2p-prod, key ACCOUNT#custody:ed3d'));
  });
  response = response!;
  expect(response.statusCode).toBe(500);
  expect(response.body).not.toMatch(/ConditionalCheck|p2p-prod|custody/);
  expect(response.problem).toMatchObject({ type: 'urn:problem:internal', status: 500 });
  expect(logged).toHaveLength(1);
  expect(JSON.parse(logged[0]!)).toMatchObject({ level: 'ERROR', message: 'request failed', route: 'testRoute', requestId: 'request-1', errorName: 'Error' });
  expect(logged[0]).not.toContain('requestContext');
});
