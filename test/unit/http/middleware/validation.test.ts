/** Validation: params, query and body against the route's zod schemas; the problem names the fields. */
import * as z from 'zod';
import { InvalidRequestError } from '../../../../functions/core/errors';
import { validation } from '../../../../functions/http/middleware/validation';
import { httpEvent, middyRequest, refusalOf } from './request';

const schemas = {
  params: z.object({ loanId: z.string().regex(/^loan-\d+$/) }),
  query: z.object({ limit: z.coerce.number().int().max(100).default(20) }),
  body: z.object({ note: z.string().min(1) }).strict(),
};

test('what the schemas give back is the input', async () => {
  const request = middyRequest(httpEvent({ pathParameters: { loanId: 'loan-1' }, json: { note: 'ok' } }));
  await validation(schemas).before?.(request);
  expect(request.event.input).toEqual({ params: { loanId: 'loan-1' }, query: { limit: 20 }, body: { note: 'ok' } });
});

test.each([
  ['a bad path parameter', httpEvent({ pathParameters: { loanId: 'x' }, json: { note: 'ok' } }), 'path.loanId'],
  ['a bad query parameter', httpEvent({ pathParameters: { loanId: 'loan-1' }, queryStringParameters: { limit: '1000' }, json: { note: 'ok' } }), 'query.limit'],
  ['an unknown body field', httpEvent({ pathParameters: { loanId: 'loan-1' }, json: { note: 'ok', status: 'APPROVED' } }), 'body'],
  ['an empty note', httpEvent({ pathParameters: { loanId: 'loan-1' }, json: { note: '' } }), 'body.note'],
])('%s is a 400 naming the field', async (_what, event, path) => {
  const refusal = await refusalOf(validation(schemas), event);
  expect(refusal).toBeInstanceOf(InvalidRequestError);
  expect((refusal as InvalidRequestError).details).toEqual([expect.objectContaining({ path })]);
});

test('a route without schemas takes no input', async () => {
  const request = middyRequest(httpEvent({ queryStringParameters: { anything: '1' } }));
  await validation(undefined).before?.(request);
  expect(request.event.input).toEqual({ params: {}, query: {}, body: undefined });
});
