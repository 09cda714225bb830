/** Rescheduling (展期 / 重组): the rules that replace the rest of a schedule, by example and by property. */
import fc from 'fast-check';
import { fen, toFen } from '../../../functions/core/money';
import { legalRateCap } from '../../../functions/core/penalty';
import { parseRate } from '../../../functions/core/rate';
import { buildRepaymentSchedule, installmentDueDate } from '../../../functions/core/repayment-schedule';
import { extensionForInstallment, reschedule, rescheduleRefusals, type RescheduleTerms } from '../../../functions/core/rescheduling';
import { loanAmountFen, rateTenThousandths, rateText, runs, startDate } from './lending-arbitraries';

const schedule = buildRepaymentSchedule({ amount: fen(1_200_000), termMonths: 12, annualRate: parseRate('0.12'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-31' });
const cap = legalRateCap(parseRate('0.0345'), 4);
const sumFen = (values: readonly { principal: unknown }[], part: 'principal' | 'interest' | 'total') => values.reduce((sum, installment) => sum + toFen((installment as never)[part]), 0);

test('a two-month payment holiday: the installments due stay, the rest move two months on, the holiday interest spread to the fen', () => {
  const result = reschedule(schedule, { kind: 'PAYMENT_HOLIDAY', months: 2, annualRate: parseRate('0.12') }, '2026-03-31');
  expect(result.kept.map((installment) => installment.dueDate)).toEqual(['2026-02-28', '2026-03-31']);
  expect(result.replacement.map((installment) => installment.dueDate)).toEqual([
    '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31',
  ]);
  expect(result.replacement.map((installment) => installment.number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(toFen(result.principal)).toBe(toFen(schedule.installments[1]!.remainingPrincipal));
  expect(sumFen(result.replacement, 'principal')).toBe(toFen(result.principal));
  // Two months of 1% on what remains, each month rounded half-up, owed without interest on it.
  const holidayInterest = 2 * Math.round(toFen(result.principal) * 0.01);
  const reamortized = buildRepaymentSchedule({ amount: result.principal, termMonths: 10, annualRate: parseRate('0.12'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-31' });
  expect(sumFen(result.replacement, 'interest')).toBe(toFen(reamortized.totals.interest) + holidayInterest);
  expect(result.termMonths).toBe(14);
});

test('the limits: once per loan, no BULLET, months in range, 60 months at most, the rate never raised nor above the cap', () => {
  const context = { today: '2026-03-31', alreadyRescheduled: false, legalCap: cap };
  const terms: RescheduleTerms = { kind: 'EXTEND_TERM', months: 6, annualRate: parseRate('0.12') };
  expect(rescheduleRefusals(schedule, terms, context)).toEqual([]);
  expect(rescheduleRefusals(schedule, terms, { ...context, alreadyRescheduled: true })).toEqual(['ALREADY_RESCHEDULED']);
  expect(rescheduleRefusals(schedule, { ...terms, months: 13 }, context)).toEqual(['MONTHS_OUT_OF_RANGE']);
  expect(rescheduleRefusals(schedule, { kind: 'PAYMENT_HOLIDAY', months: 4, annualRate: parseRate('0.12') }, context)).toEqual(['MONTHS_OUT_OF_RANGE']);
  expect(rescheduleRefusals(schedule, { ...terms, annualRate: parseRate('0.1201') }, context)).toEqual(['RATE_RAISED']);
  expect(rescheduleRefusals(schedule, terms, { ...context, today: '2027-01-31' })).toEqual(['NOTHING_LEFT_TO_RESCHEDULE']);
  const long = buildRepaymentSchedule({ amount: fen(1_200_000), termMonths: 55, annualRate: parseRate('0.15'), method: 'EQUAL_PRINCIPAL', startDate: '2026-01-31' });
  // A contract signed when the LPR was higher keeps its rate, but a reschedule must come within today's cap.
  expect(rescheduleRefusals(long, { ...terms, annualRate: parseRate('0.15') }, context)).toEqual(['TERM_ABOVE_MAXIMUM', 'RATE_ABOVE_LEGAL_CAP']);
  const bullet = buildRepaymentSchedule({ amount: fen(1_200_000), termMonths: 12, annualRate: parseRate('0.12'), method: 'BULLET', startDate: '2026-01-31' });
  expect(rescheduleRefusals(bullet, terms, context)).toEqual(['METHOD_NOT_RESCHEDULABLE']);
});

test('a lower installment is the shortest extension that brings the next one down to what the borrower can pay', () => {
  const rate = parseRate('0.12');
  const months = extensionForInstallment(schedule, rate, '2026-03-31', 80_000)!;
  const first = (extension: number) => toFen(reschedule(schedule, { kind: 'EXTEND_TERM', months: extension, annualRate: rate }, '2026-03-31').replacement[0]!.total);
  expect(first(months)).toBeLessThanOrEqual(80_000);
  expect(first(months - 1)).toBeGreaterThan(80_000);
  expect(extensionForInstallment(schedule, rate, '2026-03-31', 100)).toBeUndefined();
});

test('property: the kept installments are untouched, the replacement repays exactly the principal left, after today, in order, no part negative; a lower rate never costs more', () => {
  fc.assert(
    fc.property(
      loanAmountFen, fc.integer({ min: 2, max: 36 }), rateTenThousandths, fc.constantFrom('EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'INTEREST_FIRST' as const), startDate,
      fc.integer({ min: 0, max: 40 }), fc.constantFrom('EXTEND_TERM', 'PAYMENT_HOLIDAY' as const), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 100 }),
      (amountFen, termMonths, rate, method, start, elapsed, kind, months, cutPercent) => {
        const original = buildRepaymentSchedule({ amount: fen(amountFen), termMonths, annualRate: parseRate(rateText(rate)), method, startDate: start });
        const today = installmentDueDate(start, Math.min(elapsed, termMonths - 1));
        const lowered = parseRate(rateText(Math.floor((rate * (100 - cutPercent)) / 100)));
        const result = reschedule(original, { kind, months, annualRate: parseRate(rateText(rate)) }, today);
        const cheaper = reschedule(original, { kind, months, annualRate: lowered }, today);
        expect(result.kept).toEqual(original.installments.filter((installment) => installment.dueDate <= today));
        expect(sumFen(result.replacement, 'principal')).toBe(toFen(result.principal));
        expect(toFen(result.principal)).toBe(sumFen(original.installments.filter((installment) => installment.dueDate > today), 'principal'));
        const dates = result.replacement.map((installment) => installment.dueDate);
        expect(dates[0]! > today).toBe(true);
        expect([...dates].sort()).toEqual(dates);
        expect(new Set(dates).size).toBe(dates.length);
        for (const installment of result.replacement) {
          expect(toFen(installment.principal)).toBeGreaterThanOrEqual(0);
          expect(toFen(installment.interest)).toBeGreaterThanOrEqual(0);
          expect(toFen(installment.total)).toBe(toFen(installment.principal) + toFen(installment.interest));
        }
        expect(toFen(cheaper.extraInterest)).toBeLessThanOrEqual(toFen(result.extraInterest));
      },
    ),
    runs,
  );
});
