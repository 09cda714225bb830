/**
 * Custody use cases over the ports (./ports/): the custodian bank, the ledger and the
 * custody records. A bank callback is routed by kind: a deposit or withdrawal settles
 * here; a transfer goes to the use case its instruction kind names (transferCallbacks).
 * The decisions (ids, journal entries, reconciliation) are pure, in functions/core/.
 *
 * Every step is safe to run twice: ids are derived from the caller's Idempotency-Key
 * or the bank's instruction id, ledger entries are idempotent by id, state changes are
 * conditional, and the bank executes an instruction id once.
 */
import { addDays, businessDate, platformTimeZone } from '../core/calendar';
import {
  custodyTransactionId,
  depositEntry,
  outcomeOfEvent,
  transferInstructionKind,
  withdrawalFreezeEntry,
  withdrawalSettlementEntry,
  type CustodyTransactionType,
  type TransferInstructionKind,
} from '../core/custody';
import { callbackPayload, signatureHeader, timestampHeader, verifySignedMessage } from '../core/custody-signature';
import { ConcurrentModificationError, DomainError, ForbiddenError, IdempotencyConflictError, InvalidRequestError, NotFoundError, UnauthenticatedError } from '../core/errors';
import { accounts, availableOf, type AccountBalance } from '../core/ledger';
import { parseYuan, toFen } from '../core/money';
import { reconcile, type ReconciliationDifference } from '../core/reconciliation';
import { completeTransfer, type TransferSettlementPorts } from './debt-transfer';
import { completeDisbursementWait, type DisbursementPorts } from './disbursement';
import { completeRepayment, type RepaymentPorts } from './repayment';
import { completeCompensation, type CompensationPorts } from './risk-reserve-compensation';
import type { CallbackEvent, CustodianBank, CustodianBankProtocol } from './ports/custodian-bank';
import type { CustodyRecords, CustodyTransaction, ReconciliationReport } from './ports/custody-records';
import type { Ledger } from './ports/ledger';
import type { OperationalSignals } from './ports/operational-signals';
import type { CustodyAccountSummary, UserProfiles } from './ports/user-profiles';
import type { WithdrawalMonitoring } from './ports/withdrawal-monitoring';

export interface CustodyPorts {
  readonly profiles: UserProfiles;
  readonly custody: CustodyRecords;
  readonly ledger: Ledger;
  readonly bank: Pick<CustodianBank, 'openSubAccount' | 'deposit' | 'withdraw' | 'statement'>;
  readonly protocol: CustodianBankProtocol;
  readonly monitoring: WithdrawalMonitoring;
  readonly signals: Pick<OperationalSignals, 'raise' | 'count'>;
  /** The use cases a transfer callback completes, by the kind of its instruction. */
  readonly transfers: { readonly disbursement: DisbursementPorts; readonly repayment: RepaymentPorts; readonly compensation: CompensationPorts; readonly transfer: TransferSettlementPorts };
}

/** What deposits and withdrawals talk to: no transfer callbacks. */
export type CustodyAccountPorts = Omit<CustodyPorts, 'transfers' | 'protocol' | 'signals'>;

/** What the daily reconciliation reads: the bank's statement, the day book, the ledger. */
export type ReconciliationPorts = Pick<CustodyPorts, 'bank' | 'custody' | 'ledger' | 'signals'>;

const fenOfYuan = (amount: string): number => toFen(parseYuan(amount));

/** Deposits and withdrawals need a real-name verified user (实名认证), with a sub-account at the bank. */
async function verifiedCustodyAccount(ports: CustodyAccountPorts, userId: string): Promise<CustodyAccountSummary> {
  const profile = await ports.profiles.findUserProfile(userId);
  if (profile?.verification?.status !== 'VERIFIED') throw new ForbiddenError('Real-name verification (实名认证) is required before deposits and withdrawals');
  if (profile.custodyAccount) return profile.custodyAccount;
  // The bank opens one sub-account per owner: a second caller racing here gets the same one.
  const opened = await ports.bank.openSubAccount(userId);
  return ports.custody.storeCustodyAccount(userId, { subAccountId: opened.subAccountId, openedAt: opened.openedAt });
}

/** The same id reached with other content (after a freed Idempotency-Key): refuse rather than guess. */
function assertSameRequest(existing: CustodyTransaction, userId: string, amountFen: number): void {
  if (existing.userId !== userId || existing.amountFen !== amountFen) {
    throw new IdempotencyConflictError('This Idempotency-Key');
  }
}

export async function requestDeposit(ports: CustodyAccountPorts, userId: string, idempotencyKey: string, amountFen: number, at: Date): Promise<CustodyTransaction> {
  const custodyAccount = await verifiedCustodyAccount(ports, userId);
  const depositId = custodyTransactionId('deposit', userId, idempotencyKey);
  const { created, transaction } = await ports.custody.createTransaction({
    transactionId: depositId,
    type: 'deposit',
    userId,
    subAccountId: custodyAccount.subAccountId,
    amountFen,
    status: 'PENDING',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  if (!created) assertSameRequest(transaction, userId, amountFen);
  if (transaction.status !== 'PENDING') return transaction;
  // Sent again on a retry: the bank executes an instruction id once.
  const outcome = await ports.bank.deposit({ instructionId: depositId, subAccountId: transaction.subAccountId, amountFen });
  if (!outcome.accepted) return failSynchronously(ports, transaction, outcome.code, at);
  return (await ports.custody.findTransaction(depositId)) ?? transaction;
}

export async function requestWithdrawal(ports: CustodyAccountPorts, userId: string, idempotencyKey: string, amountFen: number, at: Date): Promise<CustodyTransaction> {
  const custodyAccount = await verifiedCustodyAccount(ports, userId);
  const withdrawalId = custodyTransactionId('withdrawal', userId, idempotencyKey);
  const existing = await ports.custody.findTransaction(withdrawalId);
  if (existing) assertSameRequest(existing, userId, amountFen);
  // Freeze first: the ledger refuses (InsufficientFundsError, a 422) anything beyond the
  // available balance, under any concurrency; a retry replays the same freeze.
  await ports.ledger.recordEntry(withdrawalFreezeEntry(withdrawalId, userId, amountFen), at);
  const { transaction } = await ports.custody.createTransaction({
    transactionId: withdrawalId,
    type: 'withdrawal',
    userId,
    subAccountId: custodyAccount.subAccountId,
    amountFen,
    status: 'PENDING',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  if (transaction.status !== 'PENDING') return transaction;
  // In-loan monitoring (alerts for reviewers); never blocks the withdrawal.
  await ports.monitoring.monitorWithdrawal(userId, withdrawalId, amountFen, at);
  const outcome = await ports.bank.withdraw({ instructionId: withdrawalId, subAccountId: transaction.subAccountId, amountFen });
  if (!outcome.accepted) return failSynchronously(ports, transaction, outcome.code, at);
  return (await ports.custody.findTransaction(withdrawalId)) ?? transaction;
}

/** The bank refused the instruction outright: nothing moved there; unfreeze a withdrawal. */
async function failSynchronously(ports: CustodyAccountPorts, transaction: CustodyTransaction, code: string, at: Date): Promise<CustodyTransaction> {
  if (transaction.type === 'withdrawal') await ports.ledger.recordEntry(withdrawalSettlementEntry(transaction.transactionId, 'void'), at);
  await ports.custody.settleTransaction({ transaction, outcome: 'FAILED', eventId: `refused:${code}`, settledAt: at.toISOString(), businessDate: businessDate(at, platformTimeZone), reason: code, at });
  return (await ports.custody.findTransaction(transaction.transactionId)) ?? transaction;
}

/** A deposit or withdrawal of the caller; another user's id reads as absent (404). */
export async function callerTransaction(ports: Pick<CustodyPorts, 'custody'>, userId: string, id: string, type: CustodyTransactionType): Promise<CustodyTransaction> {
  const transaction = await ports.custody.findTransaction(id);
  if (!transaction || transaction.userId !== userId || transaction.type !== type) throw new NotFoundError(`no ${type} ${id}`);
  return transaction;
}

export interface CustodyAccountView {
  readonly subAccountId: string | null;
  readonly balance: AccountBalance;
  readonly availableFen: number;
  readonly frozenFen: number;
  readonly depositedFen: number;
  readonly withdrawnFen: number;
}

export async function custodyAccountOf(ports: Pick<CustodyPorts, 'profiles' | 'ledger' | 'custody'>, userId: string): Promise<CustodyAccountView> {
  const [profile, balance, totals] = await Promise.all([
    ports.profiles.findUserProfile(userId),
    ports.ledger.accountBalance(accounts.custody(userId)),
    ports.custody.custodyTotals(userId),
  ]);
  return {
    subAccountId: profile?.custodyAccount?.subAccountId ?? null,
    balance,
    availableFen: availableOf(balance),
    frozenFen: balance.debitsPending,
    depositedFen: totals.depositedFen,
    withdrawnFen: totals.withdrawnFen,
  };
}

export type CallbackResult = { readonly eventId: string; readonly duplicate: boolean; readonly outcome: string };

/**
 * A signed callback from the bank. Signature (constant time) first, then the replay
 * window on the platform's clock, then the event id is claimed with a conditional
 * write; the effect is applied idempotently (ledger entry ids derive from the
 * deposit or withdrawal id), so a replay, a duplicate delivery or a crash-and-retry
 * moves money once.
 */
export async function acceptCallback(ports: CustodyPorts, rawBody: string | undefined, headers: Readonly<Record<string, string | undefined>>, at: Date): Promise<CallbackResult> {
  const body = rawBody ?? '';
  const timestamp = headers[timestampHeader];
  const verdict = verifySignedMessage(await ports.protocol.callbackSecret(), callbackPayload(timestamp ?? '', body), { timestamp, signature: headers[signatureHeader] }, at);
  if (verdict === 'late' || verdict === 'early') throw new UnauthenticatedError('The callback is outside the 5-minute replay window');
  if (verdict !== 'valid') throw new UnauthenticatedError('The callback is not signed by the custodian bank');

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('The callback body is not JSON');
  }
  let event: CallbackEvent;
  try {
    event = ports.protocol.parseCallback(json);
  } catch {
    throw new InvalidRequestError('The callback event does not follow the protocol');
  }
  const claim = await ports.custody.claimEvent(event.eventId, event.type, event.instructionId, at);
  if (claim === 'processed') return { eventId: event.eventId, duplicate: true, outcome: 'already-processed' };
  const outcome = await applyEvent(ports, event, at);
  await ports.custody.completeEvent(event.eventId, at, outcome);
  return { eventId: event.eventId, duplicate: false, outcome };
}

/** What a transfer callback completes, by the kind of its instruction. */
const transferCallbacks: Readonly<Record<TransferInstructionKind, (ports: CustodyPorts['transfers'], event: CallbackEvent, at: Date) => Promise<string>>> = {
  /** Completes (or fails) the origination workflow's disbursement wait. */
  disbursement: (ports, event, at) => completeDisbursementWait(ports.disbursement, event, at),
  /** Distributes the repayment to the investors (or voids its reservation). */
  repayment: (ports, event, at) => completeRepayment(ports.repayment, event, at),
  /** Pays the risk reserve's compensation out in the ledger (or voids its hold). */
  compensation: (ports, event, at) => completeCompensation(ports.compensation, event, at),
  /** Settles a debt transfer: the holding changes owner (or the buyer's freeze is voided). */
  transfer: (ports, event, at) => completeTransfer(ports.transfer, event, at),
};

async function applyEvent(ports: CustodyPorts, event: CallbackEvent, at: Date): Promise<string> {
  const settles = outcomeOfEvent(event.type);
  if (!settles) {
    const kind = transferInstructionKind(event.instructionId);
    return kind ? transferCallbacks[kind](ports.transfers, event, at) : 'not-applicable';
  }
  const transaction = await ports.custody.findTransaction(event.instructionId);
  if (!transaction || transaction.type !== settles.type) throw new DomainError('unprocessable', `No ${settles.type} ${event.instructionId} is known to the platform`);
  if (event.subAccountId !== transaction.subAccountId || event.amount === undefined || fenOfYuan(event.amount) !== transaction.amountFen) {
    ports.signals.raise('CustodyCallbackMismatch', { eventId: event.eventId, instructionId: event.instructionId });
    throw new DomainError('unprocessable', `The callback does not match ${settles.type} ${event.instructionId}`);
  }
  const settledAs = settles.succeeded ? 'CONFIRMED' : 'FAILED';
  if (transaction.status !== 'PENDING' && transaction.status !== settledAs) {
    ports.signals.raise('CustodyCallbackContradiction', { eventId: event.eventId, instructionId: event.instructionId });
    throw new DomainError('unprocessable', `${settles.type} ${event.instructionId} was already ${transaction.status.toLowerCase()}`);
  }
  const settlement = {
    transaction,
    eventId: event.eventId,
    settledAt: event.occurredAt,
    businessDate: businessDate(new Date(event.occurredAt), platformTimeZone),
    at,
  };
  if (settles.type === 'deposit') {
    if (settles.succeeded) await ports.ledger.recordEntry(depositEntry(transaction.transactionId, transaction.userId, transaction.amountFen), at);
  } else {
    await ports.ledger.recordEntry(withdrawalSettlementEntry(transaction.transactionId, settles.succeeded ? 'post' : 'void'), at);
  }
  const moved = await ports.custody.settleTransaction({
    ...settlement,
    outcome: settledAs,
    ...(settles.succeeded ? {} : { reason: event.reason ?? 'FAILED_AT_BANK' }),
  });
  return moved ? (settles.succeeded ? 'confirmed' : 'failed') : 'already-settled';
}

/** How far back a day can be reconciled against the ledger's current balances. */
const maxReconciliationAgeDays = 62;

/**
 * The differences of a comparison that read books at rest. A callback in flight has moved
 * the ledger but not yet written its day-book lines, so a comparison that saw one, or saw
 * the callback activity change while it read, may show a difference that is not there: it
 * is read again (at most three times in all), and when the books never held still the run
 * fails as a conflict, which the scheduler retries later. A comparison that finds the
 * books equal needs no second look.
 */
async function settledDifferences(custody: Pick<CustodyRecords, 'callbackActivity'>, compare: () => Promise<ReconciliationDifference[]>): Promise<ReconciliationDifference[]> {
  for (let look = 1; look <= 3; look += 1) {
    const before = await custody.callbackActivity();
    const differences = await compare();
    if (differences.length === 0) return differences;
    const after = await custody.callbackActivity();
    if (before.inFlight === 0 && before.changes === after.changes) return differences;
  }
  throw new ConcurrentModificationError('Bank callbacks kept moving the books while the reconciliation read them; it runs again');
}

/**
 * Reconciles one closed business day: the bank's statement against the platform's
 * day book and ledger. The platform's closing balance of a sub-account is its mirror
 * account's posted balance now, less what the day books of the days since record.
 */
export async function reconcileBusinessDay(ports: ReconciliationPorts, date: string, at: Date): Promise<ReconciliationReport> {
  const today = businessDate(at, platformTimeZone);
  if (date >= today) throw new InvalidRequestError(`${date} has not closed yet`);
  if (addDays(date, maxReconciliationAgeDays) < today) throw new InvalidRequestError(`${date} is older than ${maxReconciliationAgeDays} days`);
  const statement = await ports.bank.statement(date);
  const accountsFen = statement.accounts.map((account) => ({ subAccountId: account.subAccountId, ownerRef: account.ownerRef, kind: account.kind, closingFen: fenOfYuan(account.closingBalance) }));
  const bankMovements = statement.movements.map((movement) => ({
    movementId: movement.movementId,
    instructionId: movement.instructionId,
    operation: movement.operation,
    subAccountId: movement.subAccountId,
    direction: movement.direction,
    amountFen: fenOfYuan(movement.amount),
  }));

  const closingOf = async (): Promise<Map<string, number>> => {
    const later: Array<Awaited<ReturnType<CustodyRecords['dayBook']>>> = [];
    for (let day = addDays(date, 1); day <= today; day = addDays(day, 1)) later.push(await ports.custody.dayBook(day));
    // The fee account at the bank holds the fee income and, earmarked within it, the risk reserve.
    const mirrorsOf = (account: (typeof accountsFen)[number]) => (account.kind === 'PLATFORM_FEES' ? [accounts.feeIncome, accounts.riskReserve] : [accounts.custody(account.ownerRef)]);
    const balances = await ports.ledger.accountBalances(accountsFen.flatMap(mirrorsOf));
    const closing = new Map<string, number>();
    for (const account of accountsFen) {
      let posted = 0;
      for (const mirror of mirrorsOf(account)) {
        const balance = balances.get(mirror)!;
        posted += balance.creditsPosted - balance.debitsPosted;
      }
      for (const movement of later.flat()) {
        if (movement.subAccountId !== account.subAccountId) continue;
        posted -= movement.direction === 'CREDIT' ? movement.amountFen : -movement.amountFen;
      }
      closing.set(account.subAccountId, posted);
    }
    return closing;
  };
  let platformMovements: Awaited<ReturnType<CustodyRecords['dayBook']>> = [];
  const compare = async () => {
    platformMovements = await ports.custody.dayBook(date);
    const closing = await closingOf();
    return reconcile({ accounts: accountsFen, bankMovements, platformMovements, platformClosingFen: (account) => closing.get(account.subAccountId) ?? 0 });
  };
  const differences = await settledDifferences(ports.custody, compare);
  const report: ReconciliationReport = {
    businessDate: date,
    generatedAt: at.toISOString(),
    status: differences.length === 0 ? 'BALANCED' : 'DIFFERENCES',
    accountsChecked: accountsFen.length,
    bankMovements: bankMovements.length,
    platformMovements: platformMovements.length,
    differenceCount: differences.length,
    differences: differences.slice(0, 500),
  };
  await ports.custody.saveReconciliationReport(report);
  ports.signals.count('ReconciliationDifferences', differences.length);
  if (differences.length > 0) {
    ports.signals.raise('ReconciliationDifference', { businessDate: date, differenceCount: differences.length, kinds: [...new Set(differences.map((difference) => difference.kind))] });
  }
  return report;
}
