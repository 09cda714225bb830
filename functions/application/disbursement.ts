/**
 * Disbursement (放款) over the ports: the custodian bank, the ledger, the loan, bid
 * and installment records. The decisions (legs, entries, ids) are pure, in
 * ../core/disbursement.ts. Three steps, each safe to run twice:
 *
 * 1. requestDisbursement (the workflow's .waitForTaskToken task): records the task
 *    token and the figures on the FUNDED loan, then sends the one transfer
 *    instruction `disb-{loanId}` (a retry sends the same instruction; the bank
 *    executes it once). The ledger does not move.
 * 2. completeDisbursementWait (the bank's signed callback, routed by custody.ts):
 *    transfer.succeeded completes the stored token, transfer.failed fails it; nothing else.
 * 3. settleDisbursement (the next workflow task, after the bank confirmed): posts
 *    every bid's pending transfer, moves subscription → borrower and fee income,
 *    marks the bids POSTED, stores the repayment schedule and moves the loan
 *    FUNDED → DISBURSED → REPAYING.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import type { BidRecord } from '../core/bidding';
import { bidPostingEntries, disbursementEntry, loanOfDisbursementInstruction, planDisbursement, type DisbursedBid } from '../core/disbursement';
import { DomainError } from '../core/errors';
import type { DisbursementRequest, LoanRecord } from '../core/loan-lifecycle';
import { ratio, type Ratio } from '../core/rational';
import { scheduleOfLoan } from '../core/loan-schedule';
import { releaseFrozenBids } from './loan-events';
import { subAccountsOf } from './sub-accounts';
import type { CallbackEvent, CustodianBank, CustodianBankProtocol } from './ports/custodian-bank';
import type { CustodyRecords } from './ports/custody-records';
import type { Installments } from './ports/installments';
import type { LendingPolicy } from './ports/lending-policy';
import type { Ledger } from './ports/ledger';
import type { Listings } from './ports/listings';
import type { Loans } from './ports/loans';
import type { OperationalSignals } from './ports/operational-signals';
import type { UserProfiles } from './ports/user-profiles';
import type { ServicingWorkflow, WorkflowEngine } from './ports/workflow-engine';

export interface DisbursementPorts {
  readonly loans: Pick<Loans, 'getLoan' | 'applyLoanEvent' | 'recordDisbursementRequest'>;
  readonly listings: Pick<Listings, 'bidsOfLoan' | 'markBidPosted' | 'voidBid'>;
  readonly ledger: Pick<Ledger, 'recordEntry'>;
  readonly profiles: UserProfiles;
  readonly custody: Pick<CustodyRecords, 'storeCustodyAccount' | 'recordTransferBook'>;
  readonly installments: Pick<Installments, 'storeSchedule'>;
  readonly bank: Pick<CustodianBank, 'openSubAccount' | 'transfer'>;
  readonly protocol: Pick<CustodianBankProtocol, 'feeAccount'>;
  readonly policy: Pick<LendingPolicy, 'borrowerServiceFeeRate' | 'riskReserveShare'>;
  readonly workflow: WorkflowEngine;
  readonly servicing: Pick<ServicingWorkflow, 'startServicing'>;
  readonly signals: Pick<OperationalSignals, 'raise' | 'count'>;
}

/** The bank refused the disbursement instruction outright (a 4xx): the workflow records the failure. */
export class DisbursementRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisbursementFailed';
  }
}

async function liveBids(ports: DisbursementRequestPorts, loanId: string): Promise<BidRecord[]> {
  const bids: BidRecord[] = [];
  for await (const page of ports.listings.bidsOfLoan(loanId)) bids.push(...page.filter((bid) => bid.status !== 'VOIDED'));
  return bids;
}

async function subAccountOf(ports: DisbursementRequestPorts, userId: string): Promise<string> {
  const profile = await ports.profiles.findUserProfile(userId);
  if (profile?.custodyAccount) return profile.custodyAccount.subAccountId;
  // The borrower may never have deposited: the bank opens one sub-account per owner, so a racing retry gets the same one.
  const opened = await ports.bank.openSubAccount(userId);
  return (await ports.custody.storeCustodyAccount(userId, { subAccountId: opened.subAccountId, openedAt: opened.openedAt })).subAccountId;
}

/** The instruction for a funded loan's live bids, with the owner of every sub-account it touches. */
async function instructionFor(ports: DisbursementRequestPorts, loan: LoanRecord, bids: readonly BidRecord[], serviceFeeRate: Ratio) {
  const feeAccount = ports.protocol.feeAccount;
  const owners = new Map<string, string>([[feeAccount, 'platform']]);
  const investorAccounts = await subAccountsOf(ports, bids.map((bid) => bid.investorId));
  for (const [investorId, subAccountId] of investorAccounts) owners.set(subAccountId, investorId);
  const borrowerSubAccount = loan.disbursement?.borrowerSubAccount ?? (await subAccountOf(ports, loan.borrowerId));
  owners.set(borrowerSubAccount, loan.borrowerId);
  const plan = planDisbursement({
    loanId: loan.loanId,
    amountFen: loan.amountFen,
    serviceFeeRate,
    bids,
    borrowerSubAccount,
    feeAccount,
    subAccountOf: (investorId) => investorAccounts.get(investorId) ?? '',
  });
  return { plan, borrowerSubAccount, ownerOf: (subAccountId: string) => owners.get(subAccountId) ?? '' };
}

/** What sending the instruction talks to: no workflow engine (the bank's callback completes the wait). */
export type DisbursementRequestPorts = Omit<DisbursementPorts, 'workflow' | 'servicing' | 'signals'>;

export async function requestDisbursement(ports: DisbursementRequestPorts, loanId: string, taskToken: string, at: Date): Promise<{ instructionId: string }> {
  const loan = await ports.loans.getLoan(loanId);
  if (loan.status !== 'FUNDED') throw new DomainError('conflict', `loan ${loanId} is ${loan.status}, not FUNDED`);
  const bids = await liveBids(ports, loanId);
  const funded = bids.reduce((sum, bid) => sum + bid.amountFen, 0);
  // Nothing reaches the bank unless the bids add up to the loan exactly.
  if (funded !== loan.amountFen) throw new RangeError(`loan ${loanId}: bids total ${funded} fen, not the amount ${loan.amountFen}`);
  const { plan, borrowerSubAccount } = await instructionFor(ports, loan, bids, ports.policy.borrowerServiceFeeRate());
  // The token first: the bank's callback must find it. A retry keeps the first figures.
  const recorded = await ports.loans.recordDisbursementRequest(
    loanId,
    taskToken,
    { instructionId: plan.instructionId, borrowerSubAccount, toBorrowerFen: plan.toBorrowerFen, feeFen: plan.feeFen, requestedAt: at.toISOString() },
    at,
  );
  const legs = recorded.feeFen === plan.feeFen ? plan.legs : (await instructionFor(ports, loan, bids, recordedFeeRate(loan, recorded))).plan.legs;
  const outcome = await ports.bank.transfer({ instructionId: plan.instructionId, purpose: 'DISBURSEMENT', legs });
  if (!outcome.accepted) throw new DisbursementRefusedError(`the custodian bank refused disbursement ${plan.instructionId}: ${outcome.code}`);
  return { instructionId: plan.instructionId };
}

/** The fee rate that reproduces the fee first recorded for the loan (policy may have changed since). */
const recordedFeeRate = (loan: LoanRecord, request: DisbursementRequest): Ratio => ratio(BigInt(request.feeFen), BigInt(loan.amountFen));

/**
 * A transfer callback for a disbursement: completes (or fails) the workflow's wait
 * with the token stored on the loan, and returns the outcome.
 */
export async function completeDisbursementWait(ports: DisbursementPorts, event: CallbackEvent, at: Date): Promise<string> {
  const loanId = loanOfDisbursementInstruction(event.instructionId) ?? '';
  const loan = await ports.loans.getLoan(loanId);
  if (loan.status === 'DISBURSEMENT_FAILED') return resolveLateDisbursement(ports, loan, event, at);
  const pending = loan.pendingDecision;
  if (pending?.decision !== 'DISBURSEMENT' || loan.status !== 'FUNDED') return 'already-settled';
  const succeeded = event.type === 'transfer.succeeded';
  const completion = await ports.workflow.completeTask(
    pending.taskToken,
    succeeded ? { output: { instructionId: event.instructionId, confirmedAt: event.occurredAt } } : { error: 'DisbursementFailed', cause: event.reason ?? 'FAILED_AT_BANK' },
  );
  // The engine takes a token once: a second delivery finds the wait gone.
  if (completion === 'gone') return 'already-settled';
  return succeeded ? 'disbursement-confirmed' : 'disbursement-failed';
}

/**
 * The bank's answer arrived after the workflow stopped waiting (the 24 h timeout): the
 * bank's books are the truth, so a confirmed transfer rolls forward (the ledger, the
 * schedule, servicing, exactly as if it had arrived in time) and a failed one rolls back
 * (every freeze voided). A loan whose freezes were already voided has nothing left to do.
 */
async function resolveLateDisbursement(ports: DisbursementPorts, loan: LoanRecord, event: CallbackEvent, at: Date): Promise<string> {
  if (!loan.disbursement) return 'already-settled';
  if (event.type === 'transfer.succeeded') {
    await settleDisbursement(ports, loan.loanId, event.occurredAt, at);
    ports.signals.raise('DisbursementConfirmedLate', { loanId: loan.loanId, instructionId: event.instructionId });
    return 'disbursement-rolled-forward';
  }
  await releaseFrozenBids(ports, loan.loanId, at);
  return 'disbursement-rolled-back';
}

/** After the bank confirmed: the ledger, the bids, the day book, the schedule and the loan, each exactly once. */
export async function settleDisbursement(ports: DisbursementPorts, loanId: string, confirmedAt: string, at: Date): Promise<LoanRecord> {
  let loan = await ports.loans.getLoan(loanId);
  if (loan.status === 'REPAYING') {
    // A retry after the loan moved on: servicing may not have started before the crash.
    await ports.servicing.startServicing(loanId, at);
    return loan;
  }
  const request = loan.disbursement;
  if (!request) throw new Error(`loan ${loanId} has no disbursement request to settle`);
  if (loan.status === 'FUNDED' || loan.status === 'DISBURSEMENT_FAILED') {
    const bids = await liveBids(ports, loanId);
    const funded = bids.reduce((sum, bid) => sum + bid.amountFen, 0);
    if (funded !== loan.amountFen || request.toBorrowerFen + request.feeFen !== funded) throw new Error(`loan ${loanId}: bids ${funded}, amount ${loan.amountFen}, disbursement ${request.toBorrowerFen}+${request.feeFen} disagree`);
    for (const entry of bidPostingEntries(loanId, bids as readonly DisbursedBid[])) await ports.ledger.recordEntry(entry, at);
    await ports.ledger.recordEntry(disbursementEntry(loanId, loan.borrowerId, request.toBorrowerFen, request.feeFen, ports.policy.riskReserveShare()), at);
    for (const bid of bids) await ports.listings.markBidPosted(bid, at);
    // The day book: what the bank moved for this instruction, on the day it confirmed it.
    const { plan, ownerOf } = await instructionFor(ports, loan, bids, recordedFeeRate(loan, request));
    await ports.custody.recordTransferBook({
      instructionId: plan.instructionId,
      purpose: 'loan-disbursement',
      loanId,
      businessDate: businessDate(new Date(confirmedAt), platformTimeZone),
      occurredAt: confirmedAt,
      legs: plan.legs.map((leg) => ({ fromSubAccount: leg.from, fromUserId: ownerOf(leg.from), toSubAccount: leg.to, toUserId: ownerOf(leg.to), amountFen: leg.amountFen })),
    });
    loan = await ports.loans.applyLoanEvent(loanId, 'DISBURSE', at, { disbursedAt: confirmedAt }, ['pendingDecision']);
    ports.signals.count('AmountDisbursedFen', loan.amountFen);
  }
  const schedule = scheduleOfLoan({ ...loan, disbursedAt: loan.disbursedAt ?? confirmedAt });
  await ports.installments.storeSchedule(loanId, schedule, at);
  const repaying = await ports.loans.applyLoanEvent(loanId, 'START_REPAYMENT', at, { repayingSince: at.toISOString(), installmentCount: schedule.installments.length });
  // Servicing takes over: the loan's servicing execution (named by the loan id, started once).
  await ports.servicing.startServicing(loanId, at);
  return repaying;
}
