/** POST /v1/quotes through the twin: the loan calculator, and how it refuses bad terms. */
import { json, twinForThisFile } from '../support/twin-process';
import { platformTimeZone } from '../../functions/core/calendar';

const twin = twinForThisFile();
const quote = (body: unknown) => json(`${twin().apiUrl}/v1/quotes`, { method: 'POST', body: JSON.stringify(body) });

test('an equal-installment quote: twelve equal payments whose principal sums to the amount', async () => {
  const { status, body } = await quote({ amount: '100000.00', termMonths: 12, annualRate: '0.12', method: 'EQUAL_INSTALLMENT', startDate: '2026-01-31' });
  expect(status).toBe(200);
  expect(body.installments).toHaveLength(12);
  // P·r(1+r)^n/((1+r)^n−1) with P = 100000, r = 1%, n = 12 is 8884.8788… → 8884.88.
  expect(body.installments.slice(0, 11).every((installment: { total: string }) => installment.total === '8884.88')).toBe(true);
  expect(body.installments[0]).toEqual({ number: 1, dueDate: '2026-02-28', principal: '7884.88', interest: '1000.00', total: '8884.88', remainingPrincipal: '92115.12' });
  expect(body.installments[11].dueDate).toBe('2027-01-31');
  expect(body.installments[11].remainingPrincipal).toBe('0.00');
  expect(body.totals.principal).toBe('100000.00');
  const principalFen = body.installments.reduce((sum: number, installment: { principal: string }) => sum + Number(installment.principal.replace('.', '')), 0);
  expect(principalFen).toBe(10_000_000);
});

test('without a start date the schedule starts today on the twin clock (Asia/Shanghai)', async () => {
  const { body: clock } = await json(`${twin().apiUrl}/_twin/clock`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: platformTimeZone }).format(new Date(clock.now));
  const { status, body } = await quote({ amount: '1200.00', termMonths: 1, annualRate: '0.06', method: 'BULLET' });
  expect(status).toBe(200);
  expect(body.installments).toEqual([
    { number: 1, dueDate: expect.any(String), principal: '1200.00', interest: '6.00', total: '1206.00', remainingPrincipal: '0.00' },
  ]);
  expect(body.installments[0].dueDate > today).toBe(true);
});

test.each([
  ['a JSON number for money', { amount: 100000, termMonths: 12, annualRate: '0.12', method: 'BULLET' }],
  ['a third decimal', { amount: '100.001', termMonths: 12, annualRate: '0.12', method: 'BULLET' }],
  ['a negative amount', { amount: '-100.00', termMonths: 12, annualRate: '0.12', method: 'BULLET' }],
  ['an exponent', { amount: '1e5', termMonths: 12, annualRate: '0.12', method: 'BULLET' }],
  ['an amount below the minimum', { amount: '99.99', termMonths: 12, annualRate: '0.12', method: 'BULLET' }],
  ['a float rate', { amount: '1000.00', termMonths: 12, annualRate: 0.12, method: 'BULLET' }],
  ['a rate above 100%', { amount: '1000.00', termMonths: 12, annualRate: '1.5', method: 'BULLET' }],
  ['a fractional term', { amount: '1000.00', termMonths: 1.5, annualRate: '0.12', method: 'BULLET' }],
  ['a term of 61 months', { amount: '1000.00', termMonths: 61, annualRate: '0.12', method: 'BULLET' }],
  ['an unknown method', { amount: '1000.00', termMonths: 12, annualRate: '0.12', method: 'BALLOON' }],
  ['an impossible date', { amount: '1000.00', termMonths: 12, annualRate: '0.12', method: 'BULLET', startDate: '2026-02-30' }],
  ['an unknown field', { amount: '1000.00', termMonths: 12, annualRate: '0.12', method: 'BULLET', discount: '0.5' }],
  ['a missing field', { amount: '1000.00', termMonths: 12, method: 'BULLET' }],
])('%s is a 400 problem', async (_what, body) => {
  const response = await quote(body);
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status: 400, title: 'Bad Request' });
});

test('a body that is not JSON, or too large, is refused', async () => {
  const broken = await fetch(`${twin().apiUrl}/v1/quotes`, { method: 'POST', body: '{"amount":' });
  expect(broken.status).toBe(400);
  const huge = await fetch(`${twin().apiUrl}/v1/quotes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(70_000) }) });
  expect(huge.status).toBe(413);
});

test('a start date far in the future is a 400 problem, not due dates past year 9999', async () => {
  const response = await quote({ amount: '1000.00', termMonths: 12, annualRate: '0.12', method: 'BULLET', startDate: '9999-12-31' });
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'body.startDate' })] });
});
