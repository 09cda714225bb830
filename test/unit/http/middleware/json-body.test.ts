/** The JSON body: parsed strictly, so a property named twice never reaches validation. */
import { InvalidRequestError } from '../../../../functions/core/errors';
import { jsonBody } from '../../../../functions/http/middleware/json-body';
import { httpEvent, middyRequest, refusalOf } from './request';

test('a JSON body is parsed for validation', async () => {
  const request = middyRequest(httpEvent({ rawBody: '{"amount":"1.00"}' }));
  await jsonBody().before?.(request);
  expect(request.event.json).toEqual({ amount: '1.00' });
});

test.each([
  ['a repeated property (today: a ¥1.00 deposit)', '{"amount":"-5.00","amount":"1.00"}', /duplicate property "amount"/],
  ['a body that is not JSON', '{"amount":', /not valid JSON/],
  ['an empty body', '', /body is required/],
  ['no body', undefined, /body is required/],
])('%s is a 400', async (_what, rawBody, message) => {
  const refusal = await refusalOf(jsonBody(), httpEvent({ rawBody }));
  expect(refusal).toBeInstanceOf(InvalidRequestError);
  expect(String(refusal)).toMatch(message);
});
