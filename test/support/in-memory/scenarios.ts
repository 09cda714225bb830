/** Loans brought to a stage through the use cases themselves, on in-memory books. */
import { accounts } from '../../../functions/core/ledger';
import type { LoanRecord } from '../../../functions/core/loan-lifecycle';
import { placeManualBid } from '../../../functions/application/bidding';
import { requestDisbursement, settleDisbursement } from '../../../functions/application/disbursement';
import type { MoneyWorld } from './money-world';

export const listedAt = new Date('2026-11-20T02:00:00.000Z');

export interface LoanSetup {
  readonly loanId: string;
  readonly amountFen: number;
  readonly borrowerId?: string;
  /** Each investor's deposit; they bid in the order given. */
  readonly investors: ReadonlyArray<{ readonly investorId: string; readonly depositFen: number; readonly bidFen?: number }>;
}

/** A LISTED ¥amount loan (grade B, 12%, 12 months, equal installments); investors verified, assessed C5, with their deposits. */
export function listLoan(world: MoneyWorld, setup: LoanSetup): LoanRecord {
  const { loans, profiles, ledger } = world.stores;
  const borrowerId = setup.borrowerId ?? `${setup.loanId}-borrower`;
  profiles.investor(borrowerId);
  for (const investor of setup.investors) {
    profiles.investor(investor.investorId);
    ledger.fund(accounts.custody(investor.investorId), investor.depositFen);
  }
  const loan = {
    loanId: setup.loanId,
    borrowerId,
    amountFen: setup.amountFen,
    termMonths: 12,
    status: 'LISTED' as const,
    grade: 'B',
    annualRate: '0.12',
    method: 'EQUAL_INSTALLMENT',
    listedAt: listedAt.toISOString(),
    listingDeadline: new Date(listedAt.getTime() + 7 * 86_400_000).toISOString(),
    fundedFen: 0,
    bidCount: 0,
    createdAt: listedAt.toISOString(),
    updatedAt: listedAt.toISOString(),
  };
  loans.put(loan);
  return loan;
}

/** Every investor with a bidFen bids it, through placeManualBid. */
export async function bidAll(world: MoneyWorld, setup: LoanSetup, at = new Date(listedAt.getTime() + 3_600_000)): Promise<void> {
  for (const investor of setup.investors) {
    if (investor.bidFen) await placeManualBid(world.ports.bidding, investor.investorId, setup.loanId, `key-${investor.investorId}`, investor.bidFen, at, { requestId: 'request-1' });
  }
}

export const fundedAt = new Date('2026-11-21T02:00:00.000Z');
export const confirmedAt = '2026-11-21T02:05:00.000Z';

/** Listed, filled by the investors' bids, FUNDED, and its disbursement requested from the bank (waiting on token `disb-token`). */
export async function fundLoan(world: MoneyWorld, setup: LoanSetup): Promise<void> {
  listLoan(world, setup);
  await bidAll(world, setup);
  await world.stores.loans.applyLoanEvent(setup.loanId, 'FILL', fundedAt);
  world.stores.workflow.waiting.add('disb-token');
  await requestDisbursement(world.ports.disbursement, setup.loanId, 'disb-token', fundedAt);
}

/** Funded, then the bank's confirmation settled: REPAYING, with its schedule. */
export async function disburseLoan(world: MoneyWorld, setup: LoanSetup): Promise<void> {
  await fundLoan(world, setup);
  await settleDisbursement(world.ports.disbursement, setup.loanId, confirmedAt, new Date(confirmedAt));
}
