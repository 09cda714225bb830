/**
 * Repayment (还款) over the ports: the ledger, the custodian bank, the installment,
 * servicing and holding records. The decisions (what is paid, who gets what, entries,
 * legs, ids) are pure, in ../core/servicing.ts. Every step is safe to run twice:
 *
 * 1. requestRepayment (the borrower's POST, or the servicing workflow's auto-debit):
 *    plans the repayment, then in ONE transaction reserves it from the borrower's
 *    available custody balance (a pending ledger transfer), takes the loan's lock (one
 *    repayment in flight) and stores the record with its request key; then sends the
 *    one transfer instruction `rpay-{loanId}-{n}`. A retry with the same request key
 *    finds the record and sends the same instruction (the bank executes it once).
 * 2. completeRepayment (the bank's signed callback, routed from custody-service): on
 *    transfer.succeeded posts the reservation and distributes (ledger entries with
 *    deterministic ids; installments, holdings guarded by the repayment's number; the
 *    day book), closes the record and the lock with the loan's totals, settles the loan
 *    when every installment is paid, and completes the servicing execution's waits. On
 *    transfer.failed voids the reservation and closes the record FAILED.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { businessDate, platformTimeZone } from '../core/calendar';
import { DomainError, InsufficientFundsError, InvalidTransitionError } from '../core/errors';
import { accounts, availableOf } from '../core/ledger';
import type { LoanStatus } from '../core/loan-lifecycle';
import { fen } from '../core/money';
import { parseRate } from '../core/rate';
import { buildRepaymentSchedule, repaymentMethods, type RepaymentMethod, type RepaymentSchedule } from '../core/repayment-schedule';
import {
  amountDueNowFen,
  distribute,
  distributionEntries,
  expectedShares,
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
  type RepaymentKind,
  type RepaymentPlan,
  type Stake,
} from '../core/servicing';
import { custodianBank, type CustodianBank } from '../adapters/custodian-bank/custodian-bank';
import { platformFeeAccount, type CallbackEvent } from '../adapters/custodian-bank/protocol';
import { recordRecovery } from '../adapters/dynamodb/collection-repository';
import { recordTransferBook } from '../adapters/dynamodb/custody-repository';
import { applyInstallmentPayment, installmentsOf } from '../adapters/dynamodb/installment-repository';
import { accountBalance, recordEntry } from '../adapters/dynamodb/ledger-repository';
import { bidsOfLoan } from '../adapters/dynamodb/listing-repository';
import { applyLoanEvent, getLoan, type LoanRecord } from '../adapters/dynamodb/loan-repository';
import { policy } from '../settings/settings';
import { reserveRecovery } from '../core/risk-reserve-compensation';
import { findDecision, noCompensationPaying } from '../adapters/dynamodb/risk-reserve-repository';
import {
  addToHolding,
  closeRepayment,
  ensureHolding,
  findRepayment,
  recordRepaymentToken,
  repaymentCreationItems,
  repaymentOfRequest,
  repaymentsOf,
  servicingState,
  type RepaymentRecord,
  type RepaymentSource,
} from '../adapters/dynamodb/servicing-repository';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import { stepFunctions } from '../adapters/stepfunctions/workflow-engine';


/** Loans that take repayments: a written-off loan still takes recoveries. */
export const repayableStatuses: readonly LoanStatus[] = ['REPAYING', 'DEFAULTED', 'WRITTEN_OFF'];

/** Auto-debit found nothing to take: nothing due, or an empty available balance. */
export class NothingToCollectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NothingToCollect';
  }
}

/** The bank refused the repayment instruction outright: the reservation is voided. */
export class RepaymentRefusedError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

/** The loan's schedule rebuilt from its terms (as disbursement stored it). */
export function scheduleOf(loan: LoanRecord): RepaymentSchedule {
  if (!loan.method || !(repaymentMethods as readonly string[]).includes(loan.method) || !loan.annualRate || !loan.disbursedAt) throw new Error(`loan ${loan.loanId} has no repayment terms`);
  return buildRepaymentSchedule({
    amount: fen(loan.amountFen),
    termMonths: loan.termMonths,
    annualRate: parseRate(loan.annualRate),
    method: loan.method as RepaymentMethod,
    startDate: businessDate(new Date(loan.disbursedAt), platformTimeZone),
  });
}

/** The investors' stakes: their posted bids, summed per investor. */
export async function stakesOf(loanId: string): Promise<Stake[]> {
  const bids: Array<{ investorId: string; amountFen: number }> = [];
  for await (const page of bidsOfLoan(loanId)) bids.push(...page.filter((bid) => bid.status === 'POSTED'));
  return stakesByInvestor(bids);
}

/** Each investor's holding item, with what the schedule will pay them (once). */
export async function ensureHoldings(loanId: string, at: Date): Promise<void> {
  const [stakes, installments] = await Promise.all([stakesOf(loanId), installmentsOf(loanId)]);
  const expected = expectedShares(installments, stakes);
  for (const [index, stake] of stakes.entries()) {
    await ensureHolding(
      {
        investorId: stake.investorId,
        loanId,
        principalInvestedFen: stake.principalFen,
        expectedPrincipalFen: expected[index]?.principalFen ?? 0,
        expectedInterestFen: expected[index]?.interestFen ?? 0,
      },
      at,
    );
  }
}

async function subAccountOf(userId: string): Promise<string> {
  const profile = await findUserProfile(userId);
  if (!profile?.custodyAccount) throw new Error(`user ${userId} has no custody sub-account`);
  return profile.custodyAccount.subAccountId;
}

export interface RepaymentRequest {
  readonly loanId: string;
  readonly kind: RepaymentKind;
  /** DUE only: pay this much of what is due (a partial payment). */
  readonly amountFen?: number;
  readonly source: RepaymentSource;
  /** Idempotency: the API's Idempotency-Key (`api-…`) or the auto-debit's due date (`auto-…`). */
  readonly requestKey: string;
  /** The servicing execution's wait, completed when the bank answers. */
  readonly taskToken?: string;
  /** Auto-debit: take what the available balance allows, up to what is due. */
  readonly upToAvailable?: boolean;
}

/** Plans, reserves and sends a repayment; returns its record (PENDING until the bank answers). */
export async function requestRepayment(request: RepaymentRequest, at: Date, bank: CustodianBank = custodianBank): Promise<RepaymentRecord> {
  const existing = await repaymentOfRequest(request.loanId, request.requestKey);
  if (existing) return resend(existing, request.taskToken, at, bank);

  const loan = await getLoan(request.loanId);
  if (loan.status === 'SETTLED') throw new InvalidTransitionError(`loan ${loan.loanId} is settled`);
  if (!repayableStatuses.includes(loan.status)) throw new InvalidTransitionError(`a ${loan.status} loan takes no repayments`);
  const [installments, servicing, balance] = await Promise.all([installmentsOf(loan.loanId), servicingState(loan.loanId), accountBalance(accounts.custody(loan.borrowerId))]);
  if (servicing.inFlight) throw new InFlightError(`repayment ${servicing.inFlight.repaymentId} of loan ${loan.loanId} is still with the bank`);
  const today = businessDate(at, platformTimeZone);
  const available = availableOf(balance);
  let plan: RepaymentPlan;
  if (request.kind === 'EARLY_SETTLEMENT') plan = planEarlySettlement(installments, scheduleOf(loan), today);
  else if (request.upToAvailable) {
    const due = amountDueNowFen(installments, today);
    if (due === 0) throw new NothingToCollectError(`nothing is due on loan ${loan.loanId} on ${today}`);
    if (available <= 0) throw new NothingToCollectError(`the borrower of loan ${loan.loanId} has no available balance`);
    plan = planDueRepayment(installments, today, Math.min(due, available));
  } else plan = planDueRepayment(installments, today, request.amountFen);
  if (available < plan.amountFen) throw new InsufficientFundsError(accounts.custody(loan.borrowerId));

  const stakes = await stakesOf(loan.loanId);
  // Cumulatively over the confirmed repayments (one repayment is in flight at a time): every investor ends with exactly their share.
  const received = new Map<string, Received>();
  const earlierRepayments = await repaymentsOf(loan.loanId);
  for (const earlier of earlierRepayments) if (earlier.status === 'CONFIRMED') addReceived(received, earlier.distribution);
  // Subrogation: after the risk reserve compensated the investors, recoveries repay it first (up to what it paid).
  const subrogation = reserveRecovery(plan, await reserveOwedOnLoan(loan.loanId, earlierRepayments));
  const distribution = distribute(subrogation.toInvestors, stakes, policy.investorManagementFeeRate(), received);
  const borrowerSubAccount = await subAccountOf(loan.borrowerId);
  const investorAccounts = new Map(await Promise.all(stakes.map(async (stake) => [stake.investorId, await subAccountOf(stake.investorId)] as const)));
  const legs = repaymentLegs(borrowerSubAccount, distribution, (investorId) => investorAccounts.get(investorId) ?? '', platformFeeAccount, subrogation.reserveFen);
  const number = servicing.repaymentCount + 1;
  const record: RepaymentRecord = {
    repaymentId: repaymentId(loan.loanId, number),
    loanId: loan.loanId,
    number,
    kind: plan.kind,
    source: request.source,
    requestKey: request.requestKey,
    borrowerId: loan.borrowerId,
    borrowerSubAccount,
    amountFen: plan.amountFen,
    principalFen: plan.principalFen,
    interestFen: plan.interestFen,
    penaltyFen: plan.penaltyFen,
    feeFen: distribution.reduce((sum, share) => sum + share.feeFen, 0),
    installments: plan.installments,
    distribution,
    legs,
    settlesLoan: plan.settlesLoan,
    requestedOn: today,
    status: 'PENDING',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    ...(request.taskToken ? { taskToken: request.taskToken } : {}),
    ...(subrogation.reserveFen > 0 ? { reserveRecoveryFen: subrogation.reserveFen } : {}),
  };
  try {
    const compensationIdle = noCompensationPaying(loan.loanId, () => new InFlightError(`the risk reserve’s compensation of loan ${loan.loanId} is with the bank; repay once it is confirmed`));
    await recordEntry(reservationEntry(record.repaymentId, loan.loanId, loan.borrowerId, record.amountFen), at, { alsoWrite: [...repaymentCreationItems(record, servicing.repaymentCount), compensationIdle] });
  } catch (error) {
    // Another request took this number first (its entry has the same id, other content).
    if (error instanceof Error && error.name === 'IdempotencyConflictError') throw new InFlightError(`another repayment of loan ${loan.loanId} is in progress`);
    throw error;
  }
  const stored = await findRepayment(loan.loanId, number);
  if (!stored || stored.requestKey !== request.requestKey) throw new InFlightError(`another repayment of loan ${loan.loanId} is in progress`);
  return send(stored, at, bank);
}

/** Another repayment of the loan is with the bank: a 409 (the workflow skips this attempt). */
export class InFlightError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'RepaymentInFlight';
  }
}

async function resend(record: RepaymentRecord, taskToken: string | undefined, at: Date, bank: CustodianBank): Promise<RepaymentRecord> {
  if (record.status !== 'PENDING') return record;
  if (taskToken && record.taskToken !== taskToken) await recordRepaymentToken(record, taskToken, at);
  return send({ ...record, ...(taskToken ? { taskToken } : {}) }, at, bank);
}

async function send(record: RepaymentRecord, at: Date, bank: CustodianBank): Promise<RepaymentRecord> {
  const outcome = await bank.transfer({
    instructionId: record.repaymentId,
    purpose: 'REPAYMENT',
    legs: record.legs.map((leg) => ({ from: leg.from, to: leg.to, amountFen: leg.amountFen })),
  });
  if (!outcome.accepted) {
    await failRepayment(record, outcome.code, at);
    throw new RepaymentRefusedError(`the custodian bank refused repayment ${record.repaymentId}: ${outcome.code}`);
  }
  return (await findRepayment(record.loanId, record.number)) ?? record;
}

async function failRepayment(record: RepaymentRecord, reason: string, at: Date): Promise<boolean> {
  await recordEntry(reservationVoidEntry(record.repaymentId), at);
  return closeRepayment(record, 'FAILED', at, { reason });
}

async function completeTask(taskToken: string | undefined, outcome: { output: unknown } | { error: string; cause: string }): Promise<void> {
  if (!taskToken) return;
  try {
    if ('output' in outcome) await stepFunctions.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome.output) }));
    else await stepFunctions.send(new SendTaskFailureCommand({ taskToken, error: outcome.error, cause: outcome.cause }));
  } catch (error) {
    // A wait that timed out, or a token already used: the execution moved on.
    const name = (error as Error).name;
    if (name !== 'TaskTimedOut' && name !== 'TaskDoesNotExist' && name !== 'InvalidToken') throw error;
  }
}

/**
 * A transfer callback: for a repayment, distributes it (or voids it). Returns the
 * outcome, or undefined for a transfer that is no repayment.
 */
export async function completeRepayment(event: CallbackEvent, at: Date): Promise<string | undefined> {
  const parsed = parseRepaymentId(event.instructionId);
  if (!parsed) return undefined;
  const record = await findRepayment(parsed.loanId, parsed.number);
  if (!record || record.repaymentId !== event.instructionId) throw new DomainError('unprocessable', `No repayment ${event.instructionId} is known to the platform`);
  if (event.type === 'transfer.failed') {
    if (record.status === 'CONFIRMED') {
      console.error(JSON.stringify({ alarm: 'CustodyCallbackContradiction', eventId: event.eventId, instructionId: event.instructionId }));
      throw new DomainError('unprocessable', `repayment ${record.repaymentId} was already confirmed`);
    }
    await failRepayment(record, event.reason ?? 'FAILED_AT_BANK', at);
    await completeTask(record.taskToken, { error: 'RepaymentDeclined', cause: event.reason ?? 'FAILED_AT_BANK' });
    return 'repayment-failed';
  }
  if (record.status === 'FAILED') {
    console.error(JSON.stringify({ alarm: 'CustodyCallbackContradiction', eventId: event.eventId, instructionId: event.instructionId }));
    throw new DomainError('unprocessable', `repayment ${record.repaymentId} had failed`);
  }
  const loanId = record.loanId;
  for (const entry of distributionEntries(record.repaymentId, loanId, record.distribution, policy.riskReserveShare(), record.reserveRecoveryFen ?? 0)) await recordEntry(entry, at);
  for (const payment of record.installments) await applyInstallmentPayment(loanId, payment, record.number, at);
  const stakes = new Map((await stakesOf(loanId)).map((stake) => [stake.investorId, stake.principalFen]));
  for (const share of record.distribution) await addToHolding(loanId, record.number, share, stakes.get(share.investorId) ?? 0, at);
  await recordTransferBook({
    instructionId: record.repaymentId,
    purpose: 'repayment',
    loanId,
    businessDate: businessDate(new Date(event.occurredAt), platformTimeZone),
    occurredAt: event.occurredAt,
    legs: record.legs.map((leg) => ({ fromSubAccount: leg.from, fromUserId: record.borrowerId, toSubAccount: leg.to, toUserId: leg.toUserId, amountFen: leg.amountFen })),
  });
  await closeRepayment(record, 'CONFIRMED', at, { confirmedAt: event.occurredAt });
  // A repayment of a defaulted or written-off loan is a recovery (回收): logged on its collection case, once.
  const status = (await getLoan(loanId)).status;
  if (status === 'DEFAULTED' || status === 'WRITTEN_OFF') await recordRecovery(loanId, record.repaymentId, record.amountFen, at);
  const settled = await settleIfPaid(loanId, at);
  await completeTask(record.taskToken, { output: { repaymentId: record.repaymentId, settled } });
  if (settled) {
    const { parkedToken } = await servicingState(loanId);
    await completeTask(parkedToken, { output: { settled: true } });
  }
  return 'repayment-confirmed';
}

/** What the risk reserve is still owed on a loan by subrogation: what it paid minus what earlier recoveries repaid it. */
async function reserveOwedOnLoan(loanId: string, repayments: readonly RepaymentRecord[]): Promise<number> {
  const decision = await findDecision(loanId);
  if (decision?.status !== 'PAID') return 0;
  const recovered = repayments.filter((repayment) => repayment.status !== 'FAILED').reduce((sum, repayment) => sum + (repayment.reserveRecoveryFen ?? 0), 0);
  return Math.max(0, (decision.paidFen ?? 0) - recovered);
}

/** Every installment SETTLED: the loan SETTLES (a written-off loan stays WRITTEN_OFF). Returns whether all are paid. */
export async function settleIfPaid(loanId: string, at: Date): Promise<boolean> {
  const installments = await installmentsOf(loanId);
  if (installments.length === 0 || installments.some((installment) => installment.status !== 'SETTLED')) return false;
  const loan = await getLoan(loanId);
  if (loan.status === 'REPAYING' || loan.status === 'DEFAULTED') await applyLoanEvent(loanId, 'SETTLE', at, { settledAt: at.toISOString() });
  return true;
}

