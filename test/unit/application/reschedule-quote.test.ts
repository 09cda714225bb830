/** A borrower's reschedule quote over in-memory ports: the loan's own, repaying, within the limits; nothing written. */
import type { LoanRecord } from '../../../functions/core/loan-lifecycle';
import { toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { quoteReschedule, type RescheduleQuotePorts } from '../../../functions/application/reschedule-quote';

const loan = {
  loanId: 'L-1', borrowerId: 'b-1', status: 'REPAYING', amountFen: 1_200_000, termMonths: 12, annualRate: '0.12', method: 'EQUAL_INSTALLMENT',
  disbursedAt: '2026-01-30T16:30:00Z' /* 2026-01-31 in Shanghai */, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-31T00:00:00Z',
} as LoanRecord;
const ports = (record: LoanRecord): RescheduleQuotePorts => ({ loans: { find: async (loanId) => (loanId === record.loanId ? record : undefined) }, policy: { loanPrimeRate: () => parseRate('0.0345'), lprMultiple: () => 4 } });
const at = new Date('2026-04-01T02:00:00Z');
const reasons = (promise: Promise<unknown>) => promise.then(() => [], (error: { details?: Array<{ message: string }>; status?: number; message: string }) => error.details?.map((detail) => detail.message) ?? [error.message]);

test('a two-month holiday from the next due date: the installments due stay, the rest move two months on, the extra interest shown', async () => {
  const quote = await quoteReschedule(ports(loan), { loanId: 'L-1', borrowerId: 'b-1', wish: { kind: 'PAYMENT_HOLIDAY', months: 2 } }, at);
  expect(quote.kept.map((installment) => installment.dueDate)).toEqual(['2026-02-28', '2026-03-31']);
  expect(quote.replacement[0]).toMatchObject({ number: 3, dueDate: '2026-06-30' });
  expect(quote.replacement).toHaveLength(10);
  expect(quote.termMonths).toBe(14);
  expect(toFen(quote.extraInterest)).toBeGreaterThan(0);
});

test('a lower installment is answered with the shortest extension that reaches it', async () => {
  const quote = await quoteReschedule(ports(loan), { loanId: 'L-1', borrowerId: 'b-1', wish: { kind: 'LOWER_INSTALLMENT', installment: '800.00' } }, at);
  expect(quote.terms.kind).toBe('EXTEND_TERM');
  expect(toFen(quote.replacement[0]!.total)).toBeLessThanOrEqual(80_000);
  expect(await reasons(quoteReschedule(ports(loan), { loanId: 'L-1', borrowerId: 'b-1', wish: { kind: 'LOWER_INSTALLMENT', installment: '1.00' } }, at))).toEqual(['INSTALLMENT_NOT_REACHABLE']);
});

test('another borrower is told the loan does not exist; a loan not repaying, or a BULLET loan, is refused with its reason', async () => {
  expect(await reasons(quoteReschedule(ports(loan), { loanId: 'L-1', borrowerId: 'b-2', wish: { kind: 'EXTEND_TERM', months: 3 } }, at))).toEqual(['no loan L-1']);
  expect(await reasons(quoteReschedule(ports({ ...loan, status: 'SETTLED' } as LoanRecord), { loanId: 'L-1', borrowerId: 'b-1', wish: { kind: 'EXTEND_TERM', months: 3 } }, at))).toEqual(['LOAN_NOT_REPAYING']);
  const bullet = { ...loan, method: 'BULLET' } as LoanRecord;
  expect(await reasons(quoteReschedule(ports(bullet), { loanId: 'L-1', borrowerId: 'b-1', wish: { kind: 'LOWER_INSTALLMENT', installment: '800.00' } }, at))).toEqual(['METHOD_NOT_RESCHEDULABLE']);
});
