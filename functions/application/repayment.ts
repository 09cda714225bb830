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
 * 2. completeRepayment (the bank's signed callback, routed by custody.ts): on
 *    transfer.succeeded posts the reservation and distributes (ledger entries with
 *    deterministic ids; installments, holdings guarded by the repayment's number; the
 *    day book), closes the record and the lock with the loan's totals, settles the loan
 *    when every installment is paid, and completes the servicing execution's waits. On
 *    transfer.failed voids the reservation and closes the record FAILED.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { DomainError, InsufficientFundsError, InvalidRequestError, InvalidTransitionError, NotFoundError } from '../core/errors';
import { accounts, availableOf } from '../core/ledger';
import type { LoanRecord, LoanStatus } from '../core/loan-lifecycle';
import { scheduleOfLoan } from '../core/loan-schedule';
import { reserveRecovery } from '../core/risk-reserve-compensation';
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
import { subAccountOf, subAccountsOf } from './sub-accounts';
import type { CollectionLog } from './ports/collections';
import type { CallbackEvent, CustodianBank, CustodianBankProtocol } from './ports/custodian-bank';
import type { TransferBook } from './ports/custody-records';
import type { Installments } from './ports/installments';
import type { LendingPolicy } from './ports/lending-policy';
import type { Ledger } from './ports/ledger';
import type { Listings } from './ports/listings';
import type { Loans } from './ports/loans';
import type { OperationalSignals } from './ports/operational-signals';
import type { RiskReserve } from './ports/risk-reserve';
import type { RepaymentRecord, RepaymentSource, ServicingRecords } from './ports/servicing';
import type { TransferRecords } from './ports/transfers';
import type { UserProfiles } from './ports/user-profiles';
import type { TaskOutcome, WorkflowEngine } from './ports/workflow-engine';

/** What reading the investors' stakes talks to: the loan's bids and the parts of holdings sold since (debt transfers). */
export interface StakePorts {
  readonly listings: Pick<Listings, 'bidsOfLoan'>;
  readonly transfers: Pick<TransferRecords, 'settledPartsOf'>;
}

export interface RepaymentPorts extends StakePorts {
  readonly loans: Pick<Loans, 'findLoan' | 'getLoan' | 'applyLoanEvent'>;
  readonly installments: Pick<Installments, 'installmentsOf' | 'applyInstallmentPayment'>;
  readonly servicing: Pick<
    ServicingRecords,
    'servicingState' | 'findRepayment' | 'repaymentOfRequest' | 'repaymentsOf' | 'repaymentCreationItems' | 'recordRepaymentToken' | 'closeRepayment' | 'ensureHolding' | 'addToHolding'
  >;
  readonly ledger: Ledger;
  readonly profiles: UserProfiles;
  readonly custody: TransferBook;
  readonly riskReserve: Pick<RiskReserve, 'findDecision' | 'noCompensationPaying'>;
  readonly collections: Pick<CollectionLog, 'recordRecovery'>;
  readonly bank: Pick<CustodianBank, 'transfer'>;
  readonly protocol: Pick<CustodianBankProtocol, 'feeAccount'>;
  readonly policy: Pick<LendingPolicy, 'investorManagementFeeRate' | 'riskReserveShare'>;
  readonly workflow: WorkflowEngine;
  readonly signals: Pick<OperationalSignals, 'raise' | 'count'>;
}

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

/** The investors' stakes: their posted bids, summed per investor, with the parts sold moved from seller to buyer. */
export async function stakesOf(ports: StakePorts, loanId: string): Promise<Stake[]> {
  const bids: Array<{ investorId: string; amountFen: number }> = [];
  for await (const page of ports.listings.bidsOfLoan(loanId)) bids.push(...page.filter((bid) => bid.status === 'POSTED'));
  for (const { sellerId, buyerId, part } of await ports.transfers.settledPartsOf(loanId)) {
    bids.push({ investorId: sellerId, amountFen: -part.stakeFen }, { investorId: buyerId, amountFen: part.stakeFen });
  }
  return stakesByInvestor(bids).filter((stake) => stake.principalFen > 0);
}

/** What each holder has received so far: the confirmed distributions, with the parts sold carrying their share to the buyer. */
async function receivedOf(ports: StakePorts, loanId: string, repayments: readonly RepaymentRecord[]): Promise<Map<string, Received>> {
  const received = new Map<string, Received>();
  for (const earlier of repayments) if (earlier.status === 'CONFIRMED') addReceived(received, earlier.distribution);
  for (const { sellerId, buyerId, part } of await ports.transfers.settledPartsOf(loanId)) {
    const moved = { principalFen: part.receivedPrincipalFen, interestFen: part.receivedInterestFen, penaltyFen: part.receivedPenaltyFen };
    addReceived(received, [{ investorId: buyerId, ...moved, feeFen: 0, netFen: 0 }, { investorId: sellerId, principalFen: -moved.principalFen, interestFen: -moved.interestFen, penaltyFen: -moved.penaltyFen, feeFen: 0, netFen: 0 }]);
  }
  return received;
}

/** Each investor's holding item, with what the schedule will pay them (once). */
export async function ensureHoldings(
  ports: StakePorts & { readonly installments: Pick<Installments, 'installmentsOf'>; readonly servicing: Pick<ServicingRecords, 'ensureHolding'> },
  loanId: string, at: Date): Promise<void> {
  const [stakes, installments] = await Promise.all([stakesOf(ports, loanId), ports.installments.installmentsOf(loanId)]);
  const expected = expectedShares(installments, stakes);
  for (const [index, stake] of stakes.entries()) {
    await ports.servicing.ensureHolding(
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

/** The borrower's own repayment (POST /v1/loans/{loanId}/repayments): to anyone else the loan does not exist. */
export async function repayAsBorrower(ports: RepaymentPorts, borrowerId: string, request: RepaymentRequest, at: Date): Promise<RepaymentRecord> {
  const loan = await ports.loans.findLoan(request.loanId);
  if (!loan || loan.borrowerId !== borrowerId) throw new NotFoundError(`no loan ${request.loanId}`);
  if (request.amountFen !== undefined && request.kind !== 'DUE') throw new InvalidRequestError('an amount is given only with kind DUE');
  if (request.amountFen !== undefined && request.amountFen <= 0) throw new InvalidRequestError('a repayment is a positive amount');
  return requestRepayment(ports, request, at);
}

/** A loan that takes repayments (409 otherwise), with what planning one reads: its installments, servicing state and the borrower's balance. */
async function repayableLoan(ports: Pick<RepaymentPorts, 'installments' | 'servicing' | 'ledger'>, loan: LoanRecord) {
  if (loan.status === 'SETTLED') throw new InvalidTransitionError(`loan ${loan.loanId} is settled`);
  if (!repayableStatuses.includes(loan.status)) throw new InvalidTransitionError(`a ${loan.status} loan takes no repayments`);
  const [installments, servicing, balance] = await Promise.all([
    ports.installments.installmentsOf(loan.loanId),
    ports.servicing.servicingState(loan.loanId),
    ports.ledger.accountBalance(accounts.custody(loan.borrowerId)),
  ]);
  return { loan, installments, servicing, balance };
}

/** What the borrower would pay today: everything due now, and the whole loan early; nothing is written. */
export interface RepaymentQuote {
  readonly loanId: string;
  /** The business day quoted (Asia/Shanghai): the quote holds for that day. */
  readonly today: string;
  /** Everything due now (overdue and today's); undefined when nothing is. */
  readonly due?: RepaymentPlan;
  readonly earlySettlement: RepaymentPlan;
  readonly availableFen: number;
  /** A repayment (or a debt transfer) of the loan is with the bank: a new one waits for it. */
  readonly inFlight: boolean;
}

/**
 * The borrower's quote (GET /v1/loans/{loanId}/repayment-quote): the same plans a repayment
 * of either kind would make today, so a client never adds up the schedule and penalties
 * itself; to anyone else the loan does not exist.
 */
export async function quoteRepayment(ports: Pick<RepaymentPorts, 'loans' | 'installments' | 'servicing' | 'ledger'>, borrowerId: string, loanId: string, at: Date): Promise<RepaymentQuote> {
  const found = await ports.loans.findLoan(loanId);
  if (!found || found.borrowerId !== borrowerId) throw new NotFoundError(`no loan ${loanId}`);
  const { loan, installments, servicing, balance } = await repayableLoan(ports, found);
  const today = businessDate(at, platformTimeZone);
  return {
    loanId,
    today,
    ...(amountDueNowFen(installments, today) > 0 ? { due: planDueRepayment(installments, today) } : {}),
    earlySettlement: planEarlySettlement(installments, scheduleOfLoan(loan), today),
    availableFen: availableOf(balance),
    inFlight: servicing.inFlight !== undefined,
  };
}

/** Plans, reserves and sends a repayment; returns its record (PENDING until the bank answers). */
export async function requestRepayment(ports: RepaymentPorts, request: RepaymentRequest, at: Date): Promise<RepaymentRecord> {
  const existing = await ports.servicing.repaymentOfRequest(request.loanId, request.requestKey);
  if (existing) return resend(ports, existing, request.taskToken, at);

  const { loan, installments, servicing, balance } = await repayableLoan(ports, await ports.loans.getLoan(request.loanId));
  if (servicing.inFlight) throw new InFlightError(`${'purchaseId' in servicing.inFlight ? 'a debt transfer' : `repayment ${servicing.inFlight.repaymentId}`} of loan ${loan.loanId} is still with the bank`);
  const today = businessDate(at, platformTimeZone);
  const available = availableOf(balance);
  let plan: RepaymentPlan;
  if (request.kind === 'EARLY_SETTLEMENT') plan = planEarlySettlement(installments, scheduleOfLoan(loan), today);
  else if (request.upToAvailable) {
    const due = amountDueNowFen(installments, today);
    if (due === 0) throw new NothingToCollectError(`nothing is due on loan ${loan.loanId} on ${today}`);
    if (available <= 0) throw new NothingToCollectError(`the borrower of loan ${loan.loanId} has no available balance`);
    plan = planDueRepayment(installments, today, Math.min(due, available));
  } else plan = planDueRepayment(installments, today, request.amountFen);
  if (available < plan.amountFen) throw new InsufficientFundsError(available, plan.amountFen);

  const stakes = await stakesOf(ports, loan.loanId);
  // Cumulatively over the confirmed repayments (one repayment is in flight at a time): every investor ends with exactly their share.
  const earlierRepayments = await ports.servicing.repaymentsOf(loan.loanId);
  const received = await receivedOf(ports, loan.loanId, earlierRepayments);
  // Subrogation: after the risk reserve compensated the investors, recoveries repay it first (up to what it paid).
  const subrogation = reserveRecovery(plan, await reserveOwedOnLoan(ports, loan.loanId, earlierRepayments));
  const distribution = distribute(subrogation.toInvestors, stakes, ports.policy.investorManagementFeeRate(), received);
  const borrowerSubAccount = await subAccountOf(ports, loan.borrowerId);
  const investorAccounts = await subAccountsOf(ports, stakes.map((stake) => stake.investorId));
  const legs = repaymentLegs(borrowerSubAccount, distribution, (investorId) => investorAccounts.get(investorId) ?? '', ports.protocol.feeAccount, subrogation.reserveFen);
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
    const compensationIdle = ports.riskReserve.noCompensationPaying(loan.loanId, () => new InFlightError(`the risk reserve’s compensation of loan ${loan.loanId} is with the bank; repay once it is confirmed`));
    await ports.ledger.recordEntry(reservationEntry(record.repaymentId, loan.loanId, loan.borrowerId, record.amountFen), at, {
      alsoWrite: [...ports.servicing.repaymentCreationItems(record, servicing.repaymentCount), compensationIdle],
    });
  } catch (error) {
    // Another request took this number first (its entry has the same id, other content).
    if (error instanceof Error && error.name === 'IdempotencyConflictError') throw new InFlightError(`another repayment of loan ${loan.loanId} is in progress`);
    throw error;
  }
  const stored = await ports.servicing.findRepayment(loan.loanId, number);
  if (!stored || stored.requestKey !== request.requestKey) throw new InFlightError(`another repayment of loan ${loan.loanId} is in progress`);
  return send(ports, stored, at);
}

/** Another repayment of the loan is with the bank: a 409 (the workflow skips this attempt). */
export class InFlightError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'RepaymentInFlight';
  }
}

async function resend(ports: RepaymentPorts, record: RepaymentRecord, taskToken: string | undefined, at: Date): Promise<RepaymentRecord> {
  if (record.status !== 'PENDING') return record;
  if (taskToken && record.taskToken !== taskToken) await ports.servicing.recordRepaymentToken(record, taskToken, at);
  return send(ports, { ...record, ...(taskToken ? { taskToken } : {}) }, at);
}

async function send(ports: RepaymentPorts, record: RepaymentRecord, at: Date): Promise<RepaymentRecord> {
  const outcome = await ports.bank.transfer({
    instructionId: record.repaymentId,
    purpose: 'REPAYMENT',
    legs: record.legs.map((leg) => ({ from: leg.from, to: leg.to, amountFen: leg.amountFen })),
  });
  if (!outcome.accepted) {
    await failRepayment(ports, record, outcome.code, at);
    throw new RepaymentRefusedError(`the custodian bank refused repayment ${record.repaymentId}: ${outcome.code}`);
  }
  return (await ports.servicing.findRepayment(record.loanId, record.number)) ?? record;
}

async function failRepayment(ports: RepaymentPorts, record: RepaymentRecord, reason: string, at: Date): Promise<boolean> {
  await ports.ledger.recordEntry(reservationVoidEntry(record.repaymentId), at);
  return ports.servicing.closeRepayment(record, 'FAILED', at, { reason });
}

/** Completes a servicing execution's wait, if there is one; a wait that is gone (timed out, or completed already) has moved on. */
async function completeWait(ports: RepaymentPorts, taskToken: string | undefined, outcome: TaskOutcome): Promise<void> {
  if (taskToken) await ports.workflow.completeTask(taskToken, outcome);
}

/** A transfer callback for a repayment: distributes it (or voids it), and returns the outcome. */
export async function completeRepayment(ports: RepaymentPorts, event: CallbackEvent, at: Date): Promise<string> {
  const parsed = parseRepaymentId(event.instructionId);
  const record = parsed && (await ports.servicing.findRepayment(parsed.loanId, parsed.number));
  if (!record || record.repaymentId !== event.instructionId) throw new DomainError('unprocessable', `No repayment ${event.instructionId} is known to the platform`);
  if (event.type === 'transfer.failed') {
    if (record.status === 'CONFIRMED') {
      ports.signals.raise('CustodyCallbackContradiction', { eventId: event.eventId, instructionId: event.instructionId });
      throw new DomainError('unprocessable', `repayment ${record.repaymentId} was already confirmed`);
    }
    await failRepayment(ports, record, event.reason ?? 'FAILED_AT_BANK', at);
    await completeWait(ports, record.taskToken, { error: 'RepaymentDeclined', cause: event.reason ?? 'FAILED_AT_BANK' });
    return 'repayment-failed';
  }
  if (record.status === 'FAILED') {
    ports.signals.raise('CustodyCallbackContradiction', { eventId: event.eventId, instructionId: event.instructionId });
    throw new DomainError('unprocessable', `repayment ${record.repaymentId} had failed`);
  }
  const loanId = record.loanId;
  for (const entry of distributionEntries(record.repaymentId, loanId, record.distribution, ports.policy.riskReserveShare(), record.reserveRecoveryFen ?? 0)) await ports.ledger.recordEntry(entry, at);
  for (const payment of record.installments) await ports.installments.applyInstallmentPayment(loanId, payment, record.number, at);
  const stakes = new Map((await stakesOf(ports, loanId)).map((stake) => [stake.investorId, stake.principalFen]));
  for (const share of record.distribution) await ports.servicing.addToHolding(loanId, record.number, share, stakes.get(share.investorId) ?? 0, at);
  await ports.custody.recordTransferBook({
    instructionId: record.repaymentId,
    purpose: 'repayment',
    loanId,
    businessDate: businessDate(new Date(event.occurredAt), platformTimeZone),
    occurredAt: event.occurredAt,
    legs: record.legs.map((leg) => ({ fromSubAccount: leg.from, fromUserId: record.borrowerId, toSubAccount: leg.to, toUserId: leg.toUserId, amountFen: leg.amountFen })),
  });
  await ports.servicing.closeRepayment(record, 'CONFIRMED', at, { confirmedAt: event.occurredAt });
  if (record.status !== 'CONFIRMED') {
    ports.signals.count('RepaymentsReceived', 1);
    ports.signals.count('RepaymentsReceivedFen', record.amountFen);
  }
  // A repayment of a defaulted or written-off loan is a recovery (回收): logged on its collection case, once.
  const status = (await ports.loans.getLoan(loanId)).status;
  if (status === 'DEFAULTED' || status === 'WRITTEN_OFF') await ports.collections.recordRecovery(loanId, record.repaymentId, record.amountFen, at);
  const settled = await settleIfPaid(ports, loanId, at);
  await completeWait(ports, record.taskToken, { output: { repaymentId: record.repaymentId, settled } });
  if (settled) {
    const { parkedToken } = await ports.servicing.servicingState(loanId);
    await completeWait(ports, parkedToken, { output: { settled: true } });
  }
  return 'repayment-confirmed';
}

/** What the risk reserve is still owed on a loan by subrogation: what it paid minus what earlier recoveries repaid it. */
async function reserveOwedOnLoan(ports: RepaymentPorts, loanId: string, repayments: readonly RepaymentRecord[]): Promise<number> {
  const decision = await ports.riskReserve.findDecision(loanId);
  if (decision?.status !== 'PAID') return 0;
  const recovered = repayments.filter((repayment) => repayment.status !== 'FAILED').reduce((sum, repayment) => sum + (repayment.reserveRecoveryFen ?? 0), 0);
  return Math.max(0, (decision.paidFen ?? 0) - recovered);
}

/** Every installment SETTLED: the loan SETTLES (a written-off loan stays WRITTEN_OFF). Returns whether all are paid. */
export async function settleIfPaid(ports: Pick<RepaymentPorts, 'installments' | 'loans'>, loanId: string, at: Date): Promise<boolean> {
  const installments = await ports.installments.installmentsOf(loanId);
  if (installments.length === 0 || installments.some((installment) => installment.status !== 'SETTLED')) return false;
  const loan = await ports.loans.getLoan(loanId);
  if (loan.status === 'REPAYING' || loan.status === 'DEFAULTED') await ports.loans.applyLoanEvent(loanId, 'SETTLE', at, { settledAt: at.toISOString() });
  return true;
}

