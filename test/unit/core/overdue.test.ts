import fc from 'fast-check';
import { addDays } from '../../../functions/core/calendar';
import {
  accruePenalty,
  collectionTier,
  daysOverdue,
  loanDaysOverdue,
  overdueBucket,
  reminderDecision,
  reminderText,
  unpaidFen,
  type OverdueInstallment,
} from '../../../functions/core/overdue';
import { legalRateCap } from '../../../functions/core/penalty';
import { parseRate } from '../../../functions/core/rate';
import { halfUp, rateText, runs, startDate } from './lending-arbitraries';

const cap = legalRateCap(parseRate('0.0345')); // 13.8%
const rates = { contractRate: parseRate('0.1'), penaltyRate: parseRate('0.06'), legalCap: cap }; // effective 3.8%

const installment = (overrides: Partial<OverdueInstallment> = {}): OverdueInstallment => ({
  number: 1,
  dueDate: '2027-01-15',
  principalFen: 800_000,
  interestFen: 100_000,
  ...overrides,
});

/** Runs the accrual once per day from the day after the due date through `days` days, like the daily sweep. */
function accrueDaily(start: OverdueInstallment, days: number, changes: Record<number, Partial<OverdueInstallment>> = {}): OverdueInstallment {
  let current = start;
  for (let day = 1; day <= days; day += 1) {
    current = { ...current, ...changes[day] };
    const accrual = accruePenalty(current, addDays(current.dueDate, day), rates);
    if (accrual) current = { ...current, penaltyFen: accrual.penaltyFen, penaltyAccruedThrough: accrual.penaltyAccruedThrough, penaltySpan: accrual.penaltySpan };
  }
  return current;
}

test('days overdue and buckets: 1–30, 31–60, 61–90, 90+; legal track from 31, default after 90', () => {
  expect(daysOverdue('2027-01-15', '2027-01-15')).toBe(0);
  expect(daysOverdue('2027-01-15', '2027-01-10')).toBe(0);
  expect(daysOverdue('2027-01-15', '2027-01-16')).toBe(1);
  expect(daysOverdue('2027-01-31', '2027-03-01')).toBe(29);
  expect([0, 1, 30, 31, 60, 61, 90, 91, 400].map(overdueBucket)).toEqual([undefined, '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', '90+', '90+']);
  expect([0, 1, 30, 31, 90, 91].map(collectionTier)).toEqual([undefined, 'REMINDERS', 'REMINDERS', 'LEGAL', 'LEGAL', 'DEFAULT']);
});

test('penalty accrues on the unpaid amount at the capped rate, once per day', () => {
  const first = accruePenalty(installment(), '2027-01-16', rates)!;
  // 9000.00 × 3.8% × 1 / 365 = 0.936… → 0.94
  expect(first).toMatchObject({ penaltyFen: 94, addedFen: 94, penaltyAccruedThrough: '2027-01-16' });
  const accrued = { ...installment(), penaltyFen: first.penaltyFen, penaltyAccruedThrough: first.penaltyAccruedThrough, penaltySpan: first.penaltySpan };
  expect(accruePenalty(accrued, '2027-01-16', rates)).toBeUndefined(); // same day again: nothing
  expect(accruePenalty(installment(), '2027-01-15', rates)).toBeUndefined(); // not overdue yet
  expect(accruePenalty(installment({ paidPrincipalFen: 800_000, paidInterestFen: 100_000 }), '2027-01-20', rates)).toBeUndefined(); // nothing unpaid
  // 30 days: 9000 × 3.8% × 30/365 = 28.109… → 28.11, rounded once over the span.
  expect(accrueDaily(installment(), 30).penaltyFen).toBe(2_811);
});

test('a contract rate at the cap leaves no penalty; one above the penalty rate is cut to the headroom', () => {
  const atCap = { ...rates, contractRate: cap };
  expect(accruePenalty(installment(), '2027-02-14', atCap)?.penaltyFen ?? 0).toBe(0);
  const low = { ...rates, contractRate: parseRate('0.05') }; // headroom 8.8% > 6%: 6% applies
  expect(accruePenalty(installment(), '2027-01-25', low)?.penaltyFen).toBe(Number(halfUp(900_000n * 600n * 10n, 10_000n * 365n)));
});

test('a partial repayment starts a new span on the new unpaid amount; the earlier penalty is kept', () => {
  const after10 = accrueDaily(installment(), 10);
  const tenDays = Number(halfUp(900_000n * 380n * 10n, 10_000n * 365n));
  expect(after10.penaltyFen).toBe(tenDays);
  const paid = accrueDaily(installment(), 20, { 11: { paidInterestFen: 100_000 } });
  expect(paid.penaltyFen).toBe(tenDays + Number(halfUp(800_000n * 380n * 10n, 10_000n * 365n)));
});

test('property: daily accrual equals one accrual over the whole span, within the cap, never decreasing', () => {
  fc.assert(
    fc.property(
      startDate,
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 1, max: 50_000_000 }),
      fc.integer({ min: 0, max: 1_380 }),
      fc.integer({ min: 0, max: 3_600 }),
      (dueDate, days, unpaid, contract, penalty) => {
        const r = { contractRate: parseRate(rateText(contract)), penaltyRate: parseRate(rateText(penalty)), legalCap: cap };
        const start = { number: 1, dueDate, principalFen: unpaid, interestFen: 0 };
        let current: OverdueInstallment = start;
        let previous = 0;
        for (let day = 1; day <= days; day += 1) {
          const accrual = accruePenalty(current, addDays(dueDate, day), r);
          if (accrual) {
            expect(accrual.penaltyFen).toBeGreaterThanOrEqual(previous);
            previous = accrual.penaltyFen;
            current = { ...current, penaltyFen: accrual.penaltyFen, penaltyAccruedThrough: accrual.penaltyAccruedThrough, penaltySpan: accrual.penaltySpan };
          }
        }
        const once = accruePenalty(start, addDays(dueDate, days), r)?.penaltyFen ?? 0;
        expect(current.penaltyFen ?? 0).toBe(once);
        // Independent integer model: effective rate = min(penalty, 1380 − contract) in 1/10,000ths (cap 13.8%).
        const effective = Math.max(0, Math.min(penalty, 1_380 - contract));
        expect(BigInt(once)).toBe(halfUp(BigInt(unpaid) * BigInt(effective) * BigInt(days), 10_000n * 365n));
      },
    ),
    { numRuns: 100 },
  );
});

test('the loan ages by its oldest unpaid installment', () => {
  const schedule = [
    installment({ number: 1, dueDate: '2027-01-15', paidPrincipalFen: 800_000, paidInterestFen: 100_000 }),
    installment({ number: 2, dueDate: '2027-02-15' }),
    installment({ number: 3, dueDate: '2027-03-15' }),
  ];
  expect(unpaidFen(schedule[1]!)).toBe(900_000);
  expect(loanDaysOverdue(schedule, '2027-02-15')).toBe(0);
  expect(loanDaysOverdue(schedule, '2027-03-20')).toBe(33);
  // Paid but for the penalty: still overdue.
  expect(loanDaysOverdue([installment({ paidPrincipalFen: 800_000, paidInterestFen: 100_000, penaltyFen: 50, paidPenaltyFen: 0 })], '2027-01-20')).toBe(5);
});

test('contact policy: 08:00–21:00 borrower time, once a loan a day, only in the reminder tier', () => {
  const base = { today: '2027-01-16', daysOverdue: 1 };
  expect(reminderDecision({ ...base, localHour: 2, localMinute: 0 })).toEqual({ allowed: false, reason: 'OUTSIDE_HOURS' });
  expect(reminderDecision({ ...base, localHour: 7, localMinute: 59 })).toEqual({ allowed: false, reason: 'OUTSIDE_HOURS' });
  expect(reminderDecision({ ...base, localHour: 21, localMinute: 0 })).toEqual({ allowed: false, reason: 'OUTSIDE_HOURS' });
  expect(reminderDecision({ ...base, localHour: 8, localMinute: 0 })).toEqual({ allowed: true });
  expect(reminderDecision({ ...base, localHour: 20, localMinute: 59 })).toEqual({ allowed: true });
  expect(reminderDecision({ ...base, localHour: 10, localMinute: 0, lastContactDate: '2027-01-16' })).toEqual({ allowed: false, reason: 'ALREADY_CONTACTED_TODAY' });
  expect(reminderDecision({ ...base, localHour: 10, localMinute: 0, lastContactDate: '2027-01-15' })).toEqual({ allowed: true });
  expect(reminderDecision({ ...base, localHour: 10, localMinute: 0, daysOverdue: 31 })).toEqual({ allowed: false, reason: 'NOT_IN_REMINDER_TIER' });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 200 }), (hour, minute, days) => {
      const decision = reminderDecision({ today: '2027-01-16', daysOverdue: days, localHour: hour, localMinute: minute });
      if (decision.allowed) expect(hour >= 8 && hour < 21 && days >= 1 && days <= 30).toBe(true);
    }),
    runs,
  );
});

test('the reminder text carries the masked name only', () => {
  const text = reminderText('张*', 3, '9000.94');
  expect(text).toContain('张*');
  expect(text).toContain('3天');
  expect(text).not.toMatch(/\d{11}/);
});
