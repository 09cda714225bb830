import fc from 'fast-check';
import { bidPostingEntries, disbursementEntry, disbursementInstructionId, loanOfDisbursementInstruction, planDisbursement } from '../../../functions/core/disbursement';
import { accounts, InMemoryLedger, maxTransfersPerEntry } from '../../../functions/core/ledger';
import { parseRate } from '../../../functions/core/rate';

const sub = (investorId: string) => `SA-${investorId}`;

test('one instruction: a leg per investor (their bids summed) to the borrower, then the fee to the platform account; ids from the loan', () => {
  const plan = planDisbursement({
    loanId: 'loan-1',
    amountFen: 500_000,
    serviceFeeRate: parseRate('0.02'),
    bids: [
      { bidId: 'bid-b', investorId: 'inv-2', amountFen: 200_000 },
      { bidId: 'bid-a', investorId: 'inv-1', amountFen: 100_000 },
      { bidId: 'bid-c', investorId: 'inv-1', amountFen: 200_000 },
    ],
    borrowerSubAccount: 'SA-borrower',
    feeAccount: 'PLATFORM-FEES',
    subAccountOf: sub,
  });
  expect(plan).toEqual({
    instructionId: 'disb-loan-1',
    feeFen: 10_000,
    toBorrowerFen: 490_000,
    legs: [
      { from: 'SA-inv-1', to: 'SA-borrower', amountFen: 300_000 },
      { from: 'SA-inv-2', to: 'SA-borrower', amountFen: 200_000 },
      { from: 'SA-borrower', to: 'PLATFORM-FEES', amountFen: 10_000 },
    ],
  });
  expect(loanOfDisbursementInstruction(disbursementInstructionId('loan-1'))).toBe('loan-1');
  expect(loanOfDisbursementInstruction('deposit-xyz')).toBeUndefined();
});

test('bids that do not add up to the amount are refused before anything is sent', () => {
  expect(() =>
    planDisbursement({ loanId: 'l', amountFen: 100_000, serviceFeeRate: parseRate('0.02'), bids: [], borrowerSubAccount: 'b', feeAccount: 'f', subAccountOf: sub }),
  ).toThrow(RangeError);
});

test('posting and disbursing in the ledger: each investor debited exactly their bids, borrower credit + fee = the bids, sums zero, replays change nothing', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ investor: fc.integer({ min: 0, max: 9 }), hundreds: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 50 }), (bidSpecs, feePercent) => {
      const ledger = new InMemoryLedger();
      const bids = bidSpecs.map((spec, index) => ({ bidId: `bid-${String(index).padStart(3, '0')}`, investorId: `inv-${spec.investor}`, amountFen: spec.hundreds * 10_000 }));
      const amountFen = bids.reduce((sum, bid) => sum + bid.amountFen, 0);
      for (const investorId of new Set(bids.map((bid) => bid.investorId))) {
        ledger.record({ id: `dep-${investorId}`, kind: 'deposit', transfers: [{ kind: 'posted', id: `dep-${investorId}`, debit: accounts.custodianBank, credit: accounts.custody(investorId), amountFen: 10_000_000 }] });
      }
      for (const bid of bids) {
        ledger.record({ id: `bid-freeze:${bid.bidId}`, kind: 'bid-freeze', transfers: [{ kind: 'pending', id: bid.bidId, debit: accounts.custody(bid.investorId), credit: accounts.subscription('loan'), amountFen: bid.amountFen }] });
      }
      const plan = planDisbursement({ loanId: 'loan', amountFen, serviceFeeRate: parseRate(`0.${String(feePercent).padStart(2, '0')}`), bids, borrowerSubAccount: 'SA-b', feeAccount: 'FEES', subAccountOf: sub });
      expect(plan.toBorrowerFen + plan.feeFen).toBe(amountFen);
      const entries = [...bidPostingEntries('loan', [...bids].reverse()), disbursementEntry('loan', 'borrower', plan.toBorrowerFen, plan.feeFen, parseRate('0.1'))];
      for (const entry of entries.slice(0, -1)) expect(entry.transfers.length).toBeLessThanOrEqual(maxTransfersPerEntry);
      for (const round of [1, 2]) for (const entry of round === 1 ? entries : [...bidPostingEntries('loan', bids), entries.at(-1)!]) ledger.record(entry);
      for (const investorId of new Set(bids.map((bid) => bid.investorId))) {
        const mine = bids.filter((bid) => bid.investorId === investorId).reduce((sum, bid) => sum + bid.amountFen, 0);
        expect(ledger.balance(accounts.custody(investorId))).toMatchObject({ debitsPosted: mine, debitsPending: 0, creditsPosted: 10_000_000 });
      }
      expect(ledger.balance(accounts.custody('borrower')).creditsPosted).toBe(plan.toBorrowerFen);
      expect(ledger.balance(accounts.feeIncome).creditsPosted).toBe(plan.feeFen);
      // A tenth of the fee, rounded half-up to the fen, is provisioned into the risk reserve.
      expect(ledger.balance(accounts.riskReserve).creditsPosted).toBe(Math.floor((plan.feeFen + 5) / 10));
      expect(ledger.balance(accounts.feeIncome).debitsPosted).toBe(ledger.balance(accounts.riskReserve).creditsPosted);
      expect(ledger.balance(accounts.subscription('loan'))).toMatchObject({ creditsPosted: amountFen, debitsPosted: amountFen, creditsPending: 0 });
      const all = [...ledger.allBalances().values()];
      expect(all.reduce((sum, balance) => sum + balance.creditsPosted - balance.debitsPosted, 0)).toBe(0);
      expect(all.reduce((sum, balance) => sum + balance.creditsPending - balance.debitsPending, 0)).toBe(0);
    }),
    { numRuns: 60 },
  );
});
