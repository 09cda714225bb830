/**
 * Disbursement (放款) over the ports: the custodian bank, the ledger, the loan, bid
 * and installment records. The decisions (legs, entries, ids) are pure, in
 * ../core/disbursement.ts. Three steps, each safe to run twice:
 *
 * 1. requestDisbursement (the workflow's .waitForTaskToken task): records the task
 *    token and the figures on the FUNDED loan, then sends the one transfer
 *    instruction `disb-{loanId}` (a retry sends the same instruction; the bank
 *    executes it once). The ledger does not move.
 * 2. completeDisbursementWait (the bank's signed callback): transfer.succeeded
 *    completes the stored token, transfer.failed fails it; nothing else.
 * 3. settleDisbursement (the next workflow task, after the bank confirmed): posts
 *    every bid's pending transfer, moves subscription → borrower and fee income,
 *    marks the bids POSTED, stores the repayment schedule and moves the loan
 *    FUNDED → DISBURSED → REPAYING.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { businessDate, platformTimeZone } from '../core/calendar';
import { bidPostingEntries, disbursementEntry, loanOfDisbursementInstruction, planDisbursement, type DisbursedBid } from '../core/disbursement';
import { DomainError } from '../core/errors';
import { fen } from '../core/money';
import { parseRate } from '../core/rate';
import { ratio, type Ratio } from '../core/rational';
import { buildRepaymentSchedule, repaymentMethods, type RepaymentMethod } from '../core/repayment-schedule';
import { custodianBank, type CustodianBank } from '../adapters/custodian-bank/custodian-bank';
import { platformFeeAccount } from '../adapters/custodian-bank/protocol';
import type { CallbackEvent } from '../adapters/custodian-bank/protocol';
import { recordTransferBook, storeCustodyAccount } from '../adapters/dynamodb/custody-repository';
import { storeSchedule } from '../adapters/dynamodb/installment-repository';
import { recordEntry } from '../adapters/dynamodb/ledger-repository';
import { bidsOfLoan, markBidPosted, voidFrozenBids, type BidRecord } from '../adapters/dynamodb/listing-repository';
import { applyLoanEvent, getLoan, recordDisbursementRequest, type DisbursementRequest, type LoanRecord } from '../adapters/dynamodb/loan-repository';
import { policy } from '../settings/settings';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import { startServicing } from '../adapters/stepfunctions/servicing-workflow';
import { stepFunctions } from '../adapters/stepfunctions/workflow-engine';


/** The bank refused the disbursement instruction outright (a 4xx): the workflow records the failure. */
export class DisbursementRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisbursementFailed';
  }
}

async function liveBids(loanId: string): Promise<BidRecord[]> {
  const bids: BidRecord[] = [];
  for await (const page of bidsOfLoan(loanId)) bids.push(...page.filter((bid) => bid.status !== 'VOIDED'));
  return bids;
}

async function subAccountOf(userId: string, bank: CustodianBank): Promise<string> {
  const profile = await findUserProfile(userId);
  if (profile?.custodyAccount) return profile.custodyAccount.subAccountId;
  // The borrower may never have deposited: the bank opens one sub-account per owner, so a racing retry gets the same one.
  const opened = await bank.openSubAccount(userId);
  return (await storeCustodyAccount(userId, { subAccountId: opened.subAccountId, openedAt: opened.openedAt })).subAccountId;
}

/** The instruction for a funded loan's live bids, with the owner of every sub-account it touches. */
async function instructionFor(loan: LoanRecord, bids: readonly BidRecord[], serviceFeeRate: Ratio, bank: CustodianBank) {
  const owners = new Map<string, string>([[platformFeeAccount, 'platform']]);
  const investorAccounts = new Map<string, string>();
  for (const bid of bids) {
    if (investorAccounts.has(bid.investorId)) continue;
    const profile = await findUserProfile(bid.investorId);
    if (!profile?.custodyAccount) throw new Error(`investor ${bid.investorId} has a bid but no custody sub-account`);
    investorAccounts.set(bid.investorId, profile.custodyAccount.subAccountId);
    owners.set(profile.custodyAccount.subAccountId, bid.investorId);
  }
  const borrowerSubAccount = loan.disbursement?.borrowerSubAccount ?? (await subAccountOf(loan.borrowerId, bank));
  owners.set(borrowerSubAccount, loan.borrowerId);
  const plan = planDisbursement({
    loanId: loan.loanId,
    amountFen: loan.amountFen,
    serviceFeeRate,
    bids,
    borrowerSubAccount,
    feeAccount: platformFeeAccount,
    subAccountOf: (investorId) => investorAccounts.get(investorId) ?? '',
  });
  return { plan, borrowerSubAccount, ownerOf: (subAccountId: string) => owners.get(subAccountId) ?? '' };
}

export async function requestDisbursement(loanId: string, taskToken: string, at: Date, bank: CustodianBank = custodianBank): Promise<{ instructionId: string }> {
  const loan = await getLoan(loanId);
  if (loan.status !== 'FUNDED') throw new DomainError('conflict', `loan ${loanId} is ${loan.status}, not FUNDED`);
  const bids = await liveBids(loanId);
  const funded = bids.reduce((sum, bid) => sum + bid.amountFen, 0);
  // Nothing reaches the bank unless the bids add up to the loan exactly.
  if (funded !== loan.amountFen) throw new RangeError(`loan ${loanId}: bids total ${funded} fen, not the amount ${loan.amountFen}`);
  const { plan, borrowerSubAccount } = await instructionFor(loan, bids, policy.borrowerServiceFeeRate(), bank);
  // The token first: the bank's callback must find it. A retry keeps the first figures.
  const recorded = await recordDisbursementRequest(
    loanId,
    taskToken,
    { instructionId: plan.instructionId, borrowerSubAccount, toBorrowerFen: plan.toBorrowerFen, feeFen: plan.feeFen, requestedAt: at.toISOString() },
    at,
  );
  const legs = recorded.feeFen === plan.feeFen ? plan.legs : (await instructionFor(loan, bids, recordedFeeRate(loan, recorded), bank)).plan.legs;
  const outcome = await bank.transfer({ instructionId: plan.instructionId, purpose: 'DISBURSEMENT', legs });
  if (!outcome.accepted) throw new DisbursementRefusedError(`the custodian bank refused disbursement ${plan.instructionId}: ${outcome.code}`);
  return { instructionId: plan.instructionId };
}

/** The fee rate that reproduces the fee first recorded for the loan (policy may have changed since). */
const recordedFeeRate = (loan: LoanRecord, request: DisbursementRequest): Ratio => ratio(BigInt(request.feeFen), BigInt(loan.amountFen));

/**
 * A transfer callback: for a disbursement, completes (or fails) the workflow's wait
 * with the token stored on the loan. Returns the outcome, or undefined for a
 * transfer that is no disbursement.
 */
export async function completeDisbursementWait(event: CallbackEvent, at: Date): Promise<string | undefined> {
  const loanId = loanOfDisbursementInstruction(event.instructionId);
  if (loanId === undefined) return undefined;
  const loan = await getLoan(loanId);
  if (loan.status === 'DISBURSEMENT_FAILED') return resolveLateDisbursement(loan, event, at);
  const pending = loan.pendingDecision;
  if (pending?.decision !== 'DISBURSEMENT' || loan.status !== 'FUNDED') return 'already-settled';
  const succeeded = event.type === 'transfer.succeeded';
  try {
    if (succeeded) {
      await stepFunctions.send(new SendTaskSuccessCommand({ taskToken: pending.taskToken, output: JSON.stringify({ instructionId: event.instructionId, confirmedAt: event.occurredAt }) }));
    } else {
      await stepFunctions.send(new SendTaskFailureCommand({ taskToken: pending.taskToken, error: 'DisbursementFailed', cause: event.reason ?? 'FAILED_AT_BANK' }));
    }
  } catch (error) {
    // The engine takes a token once: a second delivery finds it used.
    if (!(error instanceof Error) || error.name !== 'TaskTimedOut') throw error;
    return 'already-settled';
  }
  return succeeded ? 'disbursement-confirmed' : 'disbursement-failed';
}

/**
 * The bank's answer arrived after the workflow stopped waiting (the 24 h timeout): the
 * bank's books are the truth, so a confirmed transfer rolls forward (the ledger, the
 * schedule, servicing, exactly as if it had arrived in time) and a failed one rolls back
 * (every freeze voided). A loan whose freezes were already voided has nothing left to do.
 */
async function resolveLateDisbursement(loan: LoanRecord, event: CallbackEvent, at: Date): Promise<string> {
  if (!loan.disbursement) return 'already-settled';
  if (event.type === 'transfer.succeeded') {
    await settleDisbursement(loan.loanId, event.occurredAt, at);
    console.error(JSON.stringify({ alarm: 'DisbursementConfirmedLate', loanId: loan.loanId, instructionId: event.instructionId }));
    return 'disbursement-rolled-forward';
  }
  await voidFrozenBids(loan.loanId, at);
  return 'disbursement-rolled-back';
}

/** After the bank confirmed: the ledger, the bids, the day book, the schedule and the loan, each exactly once. */
export async function settleDisbursement(loanId: string, confirmedAt: string, at: Date): Promise<LoanRecord> {
  let loan = await getLoan(loanId);
  if (loan.status === 'REPAYING') {
    // A retry after the loan moved on: servicing may not have started before the crash.
    await startServicing(loanId, at);
    return loan;
  }
  const request = loan.disbursement;
  if (!request) throw new Error(`loan ${loanId} has no disbursement request to settle`);
  if (loan.status === 'FUNDED' || loan.status === 'DISBURSEMENT_FAILED') {
    const bids = await liveBids(loanId);
    const funded = bids.reduce((sum, bid) => sum + bid.amountFen, 0);
    if (funded !== loan.amountFen || request.toBorrowerFen + request.feeFen !== funded) throw new Error(`loan ${loanId}: bids ${funded}, amount ${loan.amountFen}, disbursement ${request.toBorrowerFen}+${request.feeFen} disagree`);
    for (const entry of bidPostingEntries(loanId, bids as readonly DisbursedBid[])) await recordEntry(entry, at);
    await recordEntry(disbursementEntry(loanId, loan.borrowerId, request.toBorrowerFen, request.feeFen, policy.riskReserveShare()), at);
    for (const bid of bids) await markBidPosted(bid, at);
    // The day book: what the bank moved for this instruction, on the day it confirmed it.
    const { plan, ownerOf } = await instructionFor(loan, bids, recordedFeeRate(loan, request), custodianBank);
    await recordTransferBook({
      instructionId: plan.instructionId,
      purpose: 'loan-disbursement',
      loanId,
      businessDate: businessDate(new Date(confirmedAt), platformTimeZone),
      occurredAt: confirmedAt,
      legs: plan.legs.map((leg) => ({ fromSubAccount: leg.from, fromUserId: ownerOf(leg.from), toSubAccount: leg.to, toUserId: ownerOf(leg.to), amountFen: leg.amountFen })),
    });
    loan = await applyLoanEvent(loanId, 'DISBURSE', at, { disbursedAt: confirmedAt }, ['pendingDecision']);
  }
  const method = loan.method;
  if (!method || !(repaymentMethods as readonly string[]).includes(method) || !loan.annualRate) throw new Error(`loan ${loanId} has no repayment terms`);
  const schedule = buildRepaymentSchedule({
    amount: fen(loan.amountFen),
    termMonths: loan.termMonths,
    annualRate: parseRate(loan.annualRate),
    method: method as RepaymentMethod,
    startDate: businessDate(new Date(loan.disbursedAt ?? confirmedAt), platformTimeZone),
  });
  await storeSchedule(loanId, schedule, at);
  const repaying = await applyLoanEvent(loanId, 'START_REPAYMENT', at, { repayingSince: at.toISOString(), installmentCount: schedule.installments.length });
  // Servicing takes over: the loan's servicing execution (named by the loan id, started once).
  await startServicing(loanId, at);
  return repaying;
}
