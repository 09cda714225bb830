/**
 * Servicing core: what a repayment pays (penalty → interest → principal, oldest first;
 * early settlement without penalty), how it is distributed (pro rata in exact fen minus
 * the management fee; Σ net + Σ fees = the repayment; cumulatively every investor gets
 * exactly their stake back), the ledger entries (balanced, ≤ 24 transfers, replay-safe)
 * and the bank legs; the servicing workflow's next step.
 */
import fc from 'fast-check';
import { InMemoryLedger, accounts, maxTransfersPerEntry } from '../../../functions/core/ledger';
import { fen, toFen } from '../../../functions/core/money';
import { quoteEarlyRepayment } from '../../../functions/core/early-repayment';
import { parseRate } from '../../../functions/core/rate';
import { buildRepaymentSchedule } from '../../../functions/core/repayment-schedule';
import {
  amountDueNowFen,
  collectionInstant,
  distribute,
  distributionEntries,
  expectedShares,
  nextServicingStep,
  parseRepaymentId,
  planDueRepayment,
  planEarlySettlement,
  repaymentId,
  repaymentLegs,
  reservationEntry,
  reservationVoidEntry,
  stakesByInvestor,
  addReceived,
  type Received,
  type ServicedInstallment,
  type Stake,
} from '../../../functions/core/servicing';
import { runs } from './lending-arbitraries';

const feeRate = parseRate('0.1');
const installment = (number: number, dueDate: string, principalFen: number, interestFen: number, extra: Partial<ServicedInstallment> = {}): ServicedInstallment => ({
  number,
  dueDate,
  principalFen,
  interestFen,
  status: 'DUE',
  ...extra,
});

const stakesArbitrary = fc
  .array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 60 })
  .map((steps): Stake[] => steps.map((step, index) => ({ investorId: `investor-${String(index).padStart(3, '0')}`, principalFen: step * 10_000 })));

describe('what a repayment pays', () => {
  const schedule = [
    installment(1, '2026-01-15', 8_000, 1_000, { status: 'OVERDUE', penaltyFen: 120 }),
    installment(2, '2026-02-15', 8_100, 900),
    installment(3, '2026-03-15', 8_200, 800),
  ];

  test('DUE pays every installment due by today: penalty, interest, principal, oldest first', () => {
    expect(amountDueNowFen(schedule, '2026-02-15')).toBe(120 + 9_000 + 9_000);
    const plan = planDueRepayment(schedule, '2026-02-15');
    expect(plan).toMatchObject({ kind: 'DUE', amountFen: 18_120, penaltyFen: 120, interestFen: 1_900, principalFen: 16_100, settlesLoan: false });
    expect(plan.installments.map((part) => [part.number, part.settles])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  test('a partial payment covers the oldest penalty, then its interest, then its principal', () => {
    const plan = planDueRepayment(schedule, '2026-02-15', 1_500);
    expect(plan.installments).toEqual([{ number: 1, penaltyFen: 120, interestFen: 1_000, principalFen: 380, settles: false }]);
  });

  test('already-paid parts are not owed again; nothing due or more than is due is refused', () => {
    const partly = [installment(1, '2026-01-15', 8_000, 1_000, { paidInterestFen: 1_000, paidPrincipalFen: 3_000 }), schedule[2]!];
    expect(planDueRepayment(partly, '2026-01-20')).toMatchObject({ amountFen: 5_000, interestFen: 0, principalFen: 5_000 });
    expect(() => planDueRepayment(schedule, '2026-01-14')).toThrow(/nothing is due/);
    expect(() => planDueRepayment(schedule, '2026-01-15', 9_121)).toThrow(/due now/);
    const settled = schedule.map((item) => ({ ...item, status: 'SETTLED' as const }));
    expect(() => planDueRepayment(settled, '2026-03-15')).toThrow(/nothing is due/);
  });

  test('early settlement: what is due now, then the remaining principal and the interest accrued since the last due date, no penalty on the future part', () => {
    const built = buildRepaymentSchedule({ amount: fen(1_200_000), termMonths: 12, annualRate: parseRate('0.12'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-10' });
    const items = built.installments.map((item, index) =>
      installment(item.number, item.dueDate, Number(item.principal.toJSON().amount), Number(item.interest.toJSON().amount), index === 0 ? { status: 'SETTLED' } : {}),
    );
    const plan = planEarlySettlement(items, built, '2026-02-20');
    const remaining = items.slice(1).reduce((sum, item) => sum + item.principalFen, 0);
    // Accrued on the remaining principal for the 10 days since 2026-02-10, actual/365, half-up.
    const accrued = Number((2n * BigInt(remaining) * 12n * 10n + 36_500n) / (2n * 36_500n));
    expect(plan).toMatchObject({ kind: 'EARLY_SETTLEMENT', principalFen: remaining, interestFen: accrued, penaltyFen: 0, settlesLoan: true });
    expect(plan.installments).toHaveLength(11);
    expect(plan.installments.every((part) => part.settles && part.early)).toBe(true);
    expect(plan.installments[0]!.interestFen).toBe(accrued);
    expect(plan.installments.slice(1).every((part) => part.interestFen === 0)).toBe(true);
  });
  test('early settlement with every passed installment paid charges exactly the early-repayment quote, on any day', () => {
    const built = buildRepaymentSchedule({ amount: fen(3_650_000), termMonths: 12, annualRate: parseRate('0.18'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-31' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 360 }), (offset) => {
        const day = new Date(Date.UTC(2026, 0, 31 + offset)).toISOString().slice(0, 10);
        const items = built.installments.map((item) =>
          installment(item.number, item.dueDate, toFen(item.principal), toFen(item.interest), item.dueDate <= day ? { status: 'SETTLED' } : {}),
        );
        if (items.every((item) => item.status === 'SETTLED')) return;
        const plan = planEarlySettlement(items, built, day);
        expect(plan.amountFen).toBe(toFen(quoteEarlyRepayment(built, day).total));
        expect(plan.penaltyFen).toBe(0);
      }),
      runs,
    );
  });
});

describe('distribution', () => {
  test('Σ net + Σ fees = the repayment, exactly; each share within a fen of pro rata; the fee is 10% of interest + penalty', () => {
    fc.assert(
      fc.property(stakesArbitrary, fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 500_000 }), (stakes, principalFen, interestFen, penaltyFen) => {
        const shares = distribute({ principalFen, interestFen, penaltyFen }, stakes, feeRate);
        const net = shares.reduce((sum, share) => sum + share.netFen, 0);
        const fees = shares.reduce((sum, share) => sum + share.feeFen, 0);
        expect(net + fees).toBe(principalFen + interestFen + penaltyFen);
        expect(shares.reduce((sum, share) => sum + share.principalFen, 0)).toBe(principalFen);
        const total = stakes.reduce((sum, stake) => sum + stake.principalFen, 0);
        shares.forEach((share, index) => {
          const exact = (BigInt(principalFen) * BigInt(stakes[index]!.principalFen)) / BigInt(total);
          expect(Math.abs(share.principalFen - Number(exact))).toBeLessThanOrEqual(1);
          const received = share.interestFen + share.penaltyFen;
          expect(share.feeFen).toBe(Number((BigInt(received) * 2n + 10n) / 20n)); // 10%, half-up
          expect(share.netFen).toBeGreaterThanOrEqual(0);
        });
      }),
      runs,
    );
  });

  test('cumulatively over the repayments: never a negative share, always within a fen of the quota, each investor gets exactly their stake back (and their interest share within a fen)', () => {
    fc.assert(
      fc.property(stakesArbitrary, fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 36 }), (stakes, weights) => {
        const amount = stakes.reduce((sum, stake) => sum + stake.principalFen, 0);
        const weightTotal = weights.reduce((sum, [weight]) => sum + weight, 0);
        // Principal repaid in parts summing to the amount.
        let left = amount;
        const parts = weights.map(([weight, interestFen], index) => {
          const principalFen = index === weights.length - 1 ? left : Math.floor((amount * weight) / weightTotal);
          left -= principalFen;
          return { principalFen, interestFen, penaltyFen: 0 };
        });
        const received = new Map<string, Received>();
        let interestPaid = 0;
        for (const part of parts) {
          const shares = distribute(part, stakes, feeRate, received);
          expect(shares.every((share) => share.principalFen >= 0 && share.interestFen >= 0)).toBe(true);
          addReceived(received, shares);
          interestPaid += part.interestFen;
          // At every step each investor is within one fen of their exact quota of what has been paid.
          const paidPrincipal = [...received.values()].reduce((sum, had) => sum + had.principalFen, 0);
          const total = BigInt(amount);
          for (const stake of stakes) {
            const quotaTimesTotal = BigInt(paidPrincipal) * BigInt(stake.principalFen);
            const had = BigInt(received.get(stake.investorId)!.principalFen) * total;
            expect(had - quotaTimesTotal < total && quotaTimesTotal - had < total).toBe(true);
          }
        }
        const expected = expectedShares([{ principalFen: amount, interestFen: interestPaid }], stakes);
        for (const [index, stake] of stakes.entries()) {
          expect(received.get(stake.investorId)?.principalFen).toBe(stake.principalFen);
          expect(Math.abs((received.get(stake.investorId)?.interestFen ?? 0) - expected[index]!.interestFen)).toBeLessThanOrEqual(1);
        }
      }),
      runs,
    );
  });

  test('stakes: bids of one investor summed, in investor-id order', () => {
    expect(stakesByInvestor([{ investorId: 'b', amountFen: 100 }, { investorId: 'a', amountFen: 200 }, { investorId: 'b', amountFen: 300 }])).toEqual([
      { investorId: 'a', principalFen: 200 },
      { investorId: 'b', principalFen: 400 },
    ]);
  });
});

describe('ledger and bank', () => {
  test('reserve, then post and distribute in entries of at most 24 transfers: balanced, replay-safe, the borrower debited exactly the repayment', () => {
    fc.assert(
      fc.property(stakesArbitrary, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (stakes, principalFen, interestFen) => {
        const ledger = new InMemoryLedger();
        const amountFen = principalFen + interestFen;
        ledger.record({ id: 'deposit', kind: 'deposit', transfers: [{ kind: 'posted', id: 'deposit:1', debit: accounts.custodianBank, credit: accounts.custody('borrower'), amountFen }] });
        const id = repaymentId('loan-1', 3);
        ledger.record(reservationEntry(id, 'loan-1', 'borrower', amountFen));
        // Reserved: the money cannot be spent twice.
        expect(() => ledger.record({ id: 'spend', kind: 'x', transfers: [{ kind: 'posted', id: 'spend:1', debit: accounts.custody('borrower'), credit: accounts.feeIncome, amountFen: 1 }] })).toThrow();
        const shares = distribute({ principalFen, interestFen, penaltyFen: 0 }, stakes, feeRate);
        const entries = distributionEntries(id, 'loan-1', shares, parseRate('0.1'));
        for (const entry of entries) {
          expect(entry.transfers.length).toBeLessThanOrEqual(maxTransfersPerEntry);
          expect(ledger.record(entry)).toBe(true);
        }
        for (const entry of entries) expect(ledger.record(entry)).toBe(false);
        let sum = 0;
        for (const [, balance] of ledger.allBalances()) sum += balance.creditsPosted - balance.debitsPosted;
        expect(sum).toBe(0);
        expect(ledger.balance(accounts.custody('borrower'))).toMatchObject({ debitsPosted: amountFen, debitsPending: 0 });
        expect(ledger.balance('loan:loan-1:repayment')).toMatchObject({ creditsPosted: amountFen, debitsPosted: amountFen });
        for (const share of shares) expect(ledger.balance(accounts.custody(share.investorId)).creditsPosted).toBe(share.netFen);
      }),
      { numRuns: 60 },
    );
  });

  test('a declined transfer voids the reservation: the money is available again', () => {
    const ledger = new InMemoryLedger();
    ledger.record({ id: 'deposit', kind: 'deposit', transfers: [{ kind: 'posted', id: 'deposit:1', debit: accounts.custodianBank, credit: accounts.custody('borrower'), amountFen: 500 }] });
    ledger.record(reservationEntry('rpay-loan-1-1', 'loan-1', 'borrower', 500));
    ledger.record(reservationVoidEntry('rpay-loan-1-1'));
    expect(ledger.balance(accounts.custody('borrower'))).toMatchObject({ debitsPending: 0, debitsPosted: 0, creditsPosted: 500 });
  });

  test('legs: borrower → each investor (net), borrower → the fee account; at most 200', () => {
    const shares = distribute({ principalFen: 10_000, interestFen: 1_000, penaltyFen: 0 }, [{ investorId: 'a', principalFen: 1 }, { investorId: 'b', principalFen: 3 }], feeRate);
    expect(repaymentLegs('SUB-B', shares, (id) => `SUB-${id}`, 'PLATFORM-FEES')).toEqual([
      { from: 'SUB-B', to: 'SUB-a', amountFen: 2_500 + 250 - 25, toUserId: 'a' },
      { from: 'SUB-B', to: 'SUB-b', amountFen: 7_500 + 750 - 75, toUserId: 'b' },
      { from: 'SUB-B', to: 'PLATFORM-FEES', amountFen: 100, toUserId: 'platform' },
    ]);
    const many = Array.from({ length: 200 }, (_, index) => ({ investorId: `i${index}`, principalFen: 1 }));
    expect(() => repaymentLegs('SUB-B', distribute({ principalFen: 20_000, interestFen: 2_000, penaltyFen: 0 }, many, feeRate), (id) => id, 'F')).toThrow(/200/);
    expect(parseRepaymentId(repaymentId('loan-a-b-c', 12))).toEqual({ loanId: 'loan-a-b-c', number: 12 });
    expect(parseRepaymentId('disb-loan-1')).toBeUndefined();
  });
});

describe('the servicing workflow’s next step', () => {
  const items = (statuses: Array<'DUE' | 'SETTLED'>) => statuses.map((status, index) => ({ dueDate: `2026-0${index + 2}-10`, status }));
  const started = new Date('2026-01-10T03:00:00Z');

  test('waits for the next due date (10:00 Shanghai), collects once it has come, parks after the last, ends when settled', () => {
    expect(nextServicingStep({ installments: items(['DUE', 'DUE']), now: started, today: '2026-01-10', attemptedThrough: '', startedAt: started })).toEqual({
      next: 'WAIT',
      until: collectionInstant('2026-02-10'),
      dueDate: '2026-02-10',
    });
    const onDue = new Date(collectionInstant('2026-02-10'));
    expect(nextServicingStep({ installments: items(['DUE', 'DUE']), now: onDue, today: '2026-02-10', attemptedThrough: '', startedAt: started })).toEqual({ next: 'COLLECT', dueDate: '2026-02-10' });
    expect(nextServicingStep({ installments: items(['DUE', 'DUE']), now: onDue, today: '2026-02-10', attemptedThrough: '2026-02-10', startedAt: started })).toMatchObject({ next: 'WAIT', dueDate: '2026-03-10' });
    const after = new Date('2026-03-20T00:00:00Z');
    expect(nextServicingStep({ installments: items(['DUE', 'DUE']), now: after, today: '2026-03-20', attemptedThrough: '2026-03-10', startedAt: started })).toEqual({ next: 'PARK', parkSeconds: 30 * 86_400 });
    expect(nextServicingStep({ installments: items(['SETTLED', 'SETTLED']), now: after, today: '2026-03-20', attemptedThrough: '', startedAt: started })).toEqual({ next: 'END' });
  });

  test('continues in a new execution instead of waiting or parking past 330 days from its start', () => {
    const late = new Date(started.getTime() + 300 * 86_400_000);
    const far = [{ dueDate: '2027-01-20', status: 'DUE' as const }];
    expect(nextServicingStep({ installments: far, now: late, today: '2026-11-06', attemptedThrough: '', startedAt: started })).toEqual({ next: 'CONTINUE' });
    const parkedLate = new Date(started.getTime() + 329 * 86_400_000);
    const step = nextServicingStep({ installments: items(['DUE']), now: parkedLate, today: '2026-12-05', attemptedThrough: '2026-02-10', startedAt: started });
    expect(step).toEqual({ next: 'PARK', parkSeconds: 86_400 });
    expect(nextServicingStep({ installments: items(['DUE']), now: new Date(started.getTime() + 330 * 86_400_000), today: '2026-12-06', attemptedThrough: '2026-02-10', startedAt: started })).toEqual({ next: 'CONTINUE' });
  });
});
