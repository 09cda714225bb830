/**
 * Debt transfer core (债权转让): eligibility, the part of a holding that moves, its value
 * (outstanding principal + actual/365 accrued interest, exact in fen), price bounds, fee,
 * the buyer's yield to maturity (exact, checked against an independent float discounting),
 * the ledger entries (balanced; void restores), and the key property: after a transfer the
 * cumulative split still pays every holder exactly their stake back.
 */
import fc from 'fast-check';
import {
  checkPrice,
  checkTransferable,
  expectedOfPart,
  formatYieldPercent,
  movePart,
  partOf,
  premiumPercent,
  priceBounds,
  purchaseOfInstruction,
  shareOfLoan,
  transferClearing,
  transferFeeFen,
  transferFreezeEntry,
  transferInstructionId,
  transferLegs,
  transferSettlementEntry,
  transferValueFen,
  transferVoidEntry,
  yieldToMaturityMillionths,
  TransferRefusedError,
  type TransferPolicy,
} from '../../../functions/core/debt-transfer';
import { daysBetween } from '../../../functions/core/day-count';
import { InMemoryLedger, accounts, availableOf } from '../../../functions/core/ledger';
import { fen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { ratio } from '../../../functions/core/rational';
import { buildRepaymentSchedule } from '../../../functions/core/repayment-schedule';
import { addReceived, distribute, type Received, type ServicedInstallment, type Stake } from '../../../functions/core/servicing';
import { halfUp, runs } from './lending-arbitraries';

const policy: TransferPolicy = {
  minHoldingDays: 30,
  blackoutDays: 3,
  stepFen: 10_000,
  minPriceRatio: parseRate('0.8'),
  maxPriceRatio: ratio(105n, 100n),
  feeRate: parseRate('0.005'),
};

const rate = parseRate('0.12');
const schedule = buildRepaymentSchedule({ amount: fen(10_000_000), termMonths: 12, annualRate: rate, method: 'EQUAL_INSTALLMENT', startDate: '2026-01-15' });
const serviced = (paidThrough: number): ServicedInstallment[] =>
  schedule.installments.map((installment) => ({
    number: installment.number,
    dueDate: installment.dueDate,
    principalFen: Number(installment.principal.toJSON().amount),
    interestFen: Number(installment.interest.toJSON().amount),
    status: installment.number <= paidThrough ? 'SETTLED' : 'DUE',
    ...(installment.number <= paidThrough
      ? { paidPrincipalFen: Number(installment.principal.toJSON().amount), paidInterestFen: Number(installment.interest.toJSON().amount) }
      : {}),
  }));
const loan = (paidThrough: number) => ({ status: 'REPAYING', annualRate: rate, startDate: '2026-01-15', installments: serviced(paidThrough) });
const holding = { stakeFen: 1_000_000, receivedPrincipalFen: 240_000, receivedInterestFen: 29_000, receivedPenaltyFen: 0, heldSince: '2026-01-15' };

describe('the part of a holding', () => {
  test('takes the same share of what the holding received, rounded down; the rest stays with the seller', () => {
    const part = partOf({ stakeFen: 30_000, receivedPrincipalFen: 10_001, receivedInterestFen: 7, receivedPenaltyFen: 0 }, 10_000);
    expect(part).toEqual({ stakeFen: 10_000, receivedPrincipalFen: 3_333, receivedInterestFen: 2, receivedPenaltyFen: 0, outstandingPrincipalFen: 6_667 });
    expect(partOf(holding, holding.stakeFen)).toMatchObject({ receivedPrincipalFen: 240_000, outstandingPrincipalFen: 760_000 });
    expect(expectedOfPart({ principalFen: 30_000, interestFen: 1_001 }, 30_000, 10_000)).toEqual({ principalFen: 10_000, interestFen: 333 });
    expect(() => partOf(holding, 0)).toThrow(RangeError);
    expect(() => partOf(holding, holding.stakeFen + 1)).toThrow(RangeError);
  });

  test('property: seller less the part plus buyer plus the part is the holding again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (stake, received, partSeed) => {
        const position = { stakeFen: stake, receivedPrincipalFen: Math.min(received, stake), receivedInterestFen: received, receivedPenaltyFen: received % 7 };
        const part = partOf(position, 1 + (partSeed % stake));
        const seller = movePart(position, part, -1);
        const buyer = movePart({ stakeFen: 0, receivedPrincipalFen: 0, receivedInterestFen: 0, receivedPenaltyFen: 0 }, part, 1);
        expect(seller.stakeFen + buyer.stakeFen).toBe(position.stakeFen);
        expect(seller.receivedPrincipalFen + buyer.receivedPrincipalFen).toBe(position.receivedPrincipalFen);
        expect(seller.receivedPrincipalFen).toBeLessThanOrEqual(seller.stakeFen);
        expect(part.outstandingPrincipalFen).toBeGreaterThanOrEqual(0);
      }),
      runs,
    );
  });
});

describe('eligibility', () => {
  const refused = (fn: () => void, message: RegExp) => expect(fn).toThrow(expect.objectContaining({ name: TransferRefusedError.name, message: expect.stringMatching(message) }));

  test('a performing loan, held long enough, outside the window before a due date, in whole steps', () => {
    expect(() => checkTransferable(loan(3), holding, 500_000, '2026-04-20', policy)).not.toThrow();
    refused(() => checkTransferable(loan(3), holding, 500_001, '2026-04-20', policy), /steps of 100.00/);
    refused(() => checkTransferable(loan(3), holding, 1_010_000, '2026-04-20', policy), /holding is 10000.00/);
    refused(() => checkTransferable({ ...loan(3), status: 'DEFAULTED' }, holding, 500_000, '2026-04-20', policy), /defaulted/);
    refused(() => checkTransferable(loan(2), holding, 500_000, '2026-04-20', policy), /overdue/);
    refused(() => checkTransferable(loan(3), { ...holding, heldSince: '2026-04-01' }, 500_000, '2026-04-20', policy), /held 30 days/);
    // Next due date 2026-05-15: 2026-05-12 is 3 days before (refused), 2026-05-11 is 4 (allowed).
    refused(() => checkTransferable(loan(3), holding, 500_000, '2026-05-12', policy), /within 3 days/);
    expect(() => checkTransferable(loan(3), holding, 500_000, '2026-05-11', policy)).not.toThrow();
    refused(() => checkTransferable(loan(12), holding, 500_000, '2027-01-20', policy), /nothing is left/);
  });
});

describe('value, price, fee', () => {
  test('outstanding principal plus interest since the last due date, actual/365, half-up once', () => {
    // 760000 fen × 12% × 5 days / 365 = 1249.315… → 1249
    expect(transferValueFen(loan(3), { outstandingPrincipalFen: 760_000 }, '2026-04-20')).toBe(761_249);
    expect(transferValueFen(loan(3), { outstandingPrincipalFen: 760_000 }, '2026-04-15')).toBe(760_000);
    // Before the first due date the interest runs from the value date.
    expect(transferValueFen(loan(0), { outstandingPrincipalFen: 1_000_000 }, '2026-01-25')).toBe(1_000_000 + 3_288);
  });

  test('property: the value equals an independent computation in bigint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000_000 }), fc.integer({ min: 0, max: 30 }), (outstanding, day) => {
        const today = `2026-04-${String(15 + (day % 16)).padStart(2, '0')}`;
        const days = BigInt(daysBetween('2026-04-15', today));
        expect(transferValueFen(loan(3), { outstandingPrincipalFen: outstanding }, today)).toBe(outstanding + Number(halfUp(BigInt(outstanding) * 12n * days, 100n * 365n)));
      }),
      runs,
    );
  });

  test('price bounds around the value; the fee on the price; the premium in percent', () => {
    expect(priceBounds(761_249, policy)).toEqual({ minFen: 608_999, maxFen: 799_311 });
    expect(() => checkPrice(608_999, 761_249, policy)).not.toThrow();
    expect(() => checkPrice(608_998, 761_249, policy)).toThrow(TransferRefusedError);
    expect(() => checkPrice(799_312, 761_249, policy)).toThrow(TransferRefusedError);
    expect(transferFeeFen(700_000, policy.feeRate)).toBe(3_500);
    expect(transferFeeFen(101, policy.feeRate)).toBe(1);
    expect(premiumPercent(700_000, 761_249)).toBe('-8.05');
    expect(premiumPercent(761_249, 761_249)).toBe('0.00');
    expect(premiumPercent(800_000, 761_249)).toBe('5.09');
  });
});

/** Independent: the same discounting in floats. */
function floatPresentValue(installments: readonly ServicedInstallment[], share: number, keep: number, yieldRate: number, today: string, startDate: string): number {
  const remaining = installments.filter((installment) => installment.status !== 'SETTLED');
  const first = remaining[0]!;
  const previous = installments.filter((installment) => installment.number < first.number).at(-1)?.dueDate ?? startDate;
  const stub = 1 + (yieldRate / 12) * (daysBetween(today, first.dueDate) / daysBetween(previous, first.dueDate));
  return remaining.reduce((sum, installment, index) => sum + (share * (installment.principalFen + installment.interestFen * keep)) / (1 + yieldRate / 12) ** index / stub, 0);
}

describe('yield to maturity', () => {
  const noFee = parseRate('0');

  test('at par on a due date with no fee the yield is the loan rate', () => {
    const outstanding = serviced(3).filter((i) => i.status !== 'SETTLED').reduce((sum, i) => sum + i.principalFen, 0);
    const atPar = yieldToMaturityMillionths(loan(3), shareOfLoan(10_000_000, 10_000_000), noFee, outstanding, '2026-04-15');
    // Within the rounding of the schedule's interest to the fen.
    expect(Math.abs(atPar - 120_000)).toBeLessThanOrEqual(5);
    expect(['11.99', '12.00']).toContain(formatYieldPercent(atPar));
  });

  test('a discount yields more than the loan rate, a premium less; the fee lowers it', () => {
    const share = shareOfLoan(500_000, 10_000_000);
    const value = transferValueFen(loan(3), partOf(holding, 500_000), '2026-04-20');
    const discount = yieldToMaturityMillionths(loan(3), share, noFee, Math.round(value * 0.95), '2026-04-20');
    const premium = yieldToMaturityMillionths(loan(3), share, noFee, Math.round(value * 1.03), '2026-04-20');
    expect(discount).toBeGreaterThan(120_000);
    expect(premium).toBeLessThan(120_000);
    expect(yieldToMaturityMillionths(loan(3), share, parseRate('0.1'), Math.round(value * 0.95), '2026-04-20')).toBeLessThan(discount);
  });

  test('property: the exact answer brackets the float present value (PV(y) ≥ price > PV(y + 1e-6), within float error)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 80, max: 105 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 }), (paid, pricePercent, tenths, day) => {
        const state = loan(paid);
        const today = `2026-${String(paid + 1).padStart(2, '0')}-${String(16 + (day % 10)).padStart(2, '0')}`;
        const share = shareOfLoan(tenths * 1_000_000, 10_000_000);
        const installments = state.installments;
        const outstanding = installments.filter((i) => i.status !== 'SETTLED').reduce((sum, i) => sum + i.principalFen, 0);
        const price = Math.round(((outstanding * tenths) / 10) * (pricePercent / 100));
        const y = yieldToMaturityMillionths(state, share, policy.feeRate, price, today);
        const keep = 1 - 0.005;
        const pvAt = (millionths: number) => floatPresentValue(installments, tenths / 10, keep, millionths / 1e6, today, state.startDate);
        expect(pvAt(y)).toBeGreaterThanOrEqual(price * (1 - 1e-9));
        expect(pvAt(y + 1)).toBeLessThan(price * (1 + 1e-9));
        // Exactly reproducible.
        expect(yieldToMaturityMillionths(state, share, policy.feeRate, price, today)).toBe(y);
      }),
      { numRuns: 60 },
    );
  });

  test('formats percent with two decimals, rounded down', () => {
    expect(formatYieldPercent(123_456)).toBe('12.34');
    expect(formatYieldPercent(-15_050)).toBe('-1.51');
    expect(formatYieldPercent(0)).toBe('0.00');
  });
});

describe('ids, legs and the ledger', () => {
  test('the instruction id names the purchase', () => {
    const purchaseId = 'tpu-abcdefghijklmnopqrstuvwx_-';
    expect(transferInstructionId(purchaseId)).toBe(`xfer-${purchaseId}`);
    expect(purchaseOfInstruction(`xfer-${purchaseId}`)).toBe(purchaseId);
    expect(purchaseOfInstruction('rpay-loan-1')).toBeUndefined();
    expect(purchaseOfInstruction('xfer-unknown-1')).toBeUndefined();
  });

  test('legs: the seller gets price − fee, the fee account the fee', () => {
    expect(transferLegs('SB', 'SS', 'seller', 'FEE', 700_000, 3_500)).toEqual([
      { from: 'SB', to: 'SS', amountFen: 696_500, toUserId: 'seller' },
      { from: 'SB', to: 'FEE', amountFen: 3_500, toUserId: 'platform' },
    ]);
    expect(transferLegs('SB', 'SS', 'seller', 'FEE', 700_000, 0)).toHaveLength(1);
  });

  test('freeze then settle: the buyer pays the price, the seller gets price − fee, the platform the fee, the clearing account ends at zero', () => {
    const ledger = new InMemoryLedger();
    ledger.record({ id: 'dep', kind: 'deposit', transfers: [{ kind: 'posted', id: 'd', debit: accounts.custodianBank, credit: accounts.custody('buyer'), amountFen: 1_000_000 }] });
    ledger.record(transferFreezeEntry('p1', 'loan-1', 'buyer', 700_000));
    expect(availableOf(ledger.balance(accounts.custody('buyer')))).toBe(300_000);
    expect(() => ledger.record(transferFreezeEntry('p2', 'loan-1', 'buyer', 300_001))).toThrow(expect.objectContaining({ name: 'InsufficientFundsError' }));
    ledger.record(transferSettlementEntry('p1', 'loan-1', 'seller', 700_000, 3_500));
    expect(availableOf(ledger.balance(accounts.custody('buyer')))).toBe(300_000);
    expect(availableOf(ledger.balance(accounts.custody('seller')))).toBe(696_500);
    expect(ledger.balance(accounts.feeIncome).creditsPosted).toBe(3_500);
    const clearing = ledger.balance(transferClearing('loan-1'));
    expect(clearing.creditsPosted - clearing.debitsPosted).toBe(0);
    expect(() => ledger.record(transferVoidEntry('p1'))).toThrow(expect.objectContaining({ name: 'PendingTransferResolvedError' }));
  });

  test('a declined transfer voids the freeze: nothing changed', () => {
    const ledger = new InMemoryLedger();
    ledger.record({ id: 'dep', kind: 'deposit', transfers: [{ kind: 'posted', id: 'd', debit: accounts.custodianBank, credit: accounts.custody('buyer'), amountFen: 1_000_000 }] });
    ledger.record(transferFreezeEntry('p1', 'loan-1', 'buyer', 700_000));
    ledger.record(transferVoidEntry('p1'));
    expect(availableOf(ledger.balance(accounts.custody('buyer')))).toBe(1_000_000);
    expect(() => ledger.record(transferSettlementEntry('p1', 'loan-1', 'seller', 700_000, 3_500))).toThrow(expect.objectContaining({ name: 'PendingTransferResolvedError' }));
  });
});

describe('distributions after a transfer', () => {
  const stakesArbitrary = fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 2, maxLength: 12 });

  test('property: every holder ends with exactly their stake of the principal back; each repayment splits to the fen', () => {
    fc.assert(
      fc.property(stakesArbitrary, fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 1_000 }), (steps, soldAfter, partSeed) => {
        const stakes: Stake[] = steps.map((step, index) => ({ investorId: `i-${String(index).padStart(2, '0')}`, principalFen: step * 10_000 }));
        const amount = stakes.reduce((sum, stake) => sum + stake.principalFen, 0);
        const plan = buildRepaymentSchedule({ amount: fen(amount), termMonths: 12, annualRate: rate, method: 'EQUAL_INSTALLMENT', startDate: '2026-01-15' });
        const received = new Map<string, Received>();
        let current = stakes;
        for (const [index, installment] of plan.installments.entries()) {
          if (index === soldAfter) {
            const seller = current[0]!;
            const had = received.get(seller.investorId)!;
            const part = partOf({ stakeFen: seller.principalFen, receivedPrincipalFen: had.principalFen, receivedInterestFen: had.interestFen, receivedPenaltyFen: had.penaltyFen }, 10_000 * (1 + (partSeed % (seller.principalFen / 10_000))));
            const left = movePart({ stakeFen: seller.principalFen, receivedPrincipalFen: had.principalFen, receivedInterestFen: had.interestFen, receivedPenaltyFen: had.penaltyFen }, part, -1);
            received.set(seller.investorId, { principalFen: left.receivedPrincipalFen, interestFen: left.receivedInterestFen, penaltyFen: left.receivedPenaltyFen });
            received.set('z-buyer', { principalFen: part.receivedPrincipalFen, interestFen: part.receivedInterestFen, penaltyFen: part.receivedPenaltyFen });
            current = [...(left.stakeFen > 0 ? [{ investorId: seller.investorId, principalFen: left.stakeFen }] : []), ...current.slice(1), { investorId: 'z-buyer', principalFen: part.stakeFen }];
            if (left.stakeFen === 0) received.delete(seller.investorId);
          }
          const principalFen = Number(installment.principal.toJSON().amount);
          const interestFen = Number(installment.interest.toJSON().amount);
          const shares = distribute({ principalFen, interestFen, penaltyFen: 0 }, current, parseRate('0'), received);
          expect(shares.reduce((sum, share) => sum + share.principalFen, 0)).toBe(principalFen);
          expect(shares.every((share) => share.principalFen >= 0 && share.interestFen >= 0)).toBe(true);
          addReceived(received, shares);
        }
        for (const stake of current) expect(received.get(stake.investorId)?.principalFen).toBe(stake.principalFen);
      }),
      { numRuns: 150 },
    );
  });
});
