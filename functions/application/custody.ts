/**
 * Custody use cases over the ports: the custodian bank (./custodian-bank.ts), the
 * ledger (./ledger-repository.ts) and the custody records (./custody-repository.ts).
 * The decisions (ids, journal entries, reconciliation) are pure, in functions/core/.
 *
 * Every step is safe to run twice: ids are derived from the caller's Idempotency-Key
 * or the bank's instruction id, ledger entries are idempotent by id, state changes are
 * conditional, and the bank executes an instruction id once.
 */
import * as z from 'zod';
import { addDays, businessDate, platformTimeZone } from '../core/calendar';
import {
  custodyTransactionId,
  depositEntry,
  outcomeOfEvent,
  withdrawalFreezeEntry,
  withdrawalSettlementEntry,
  type CustodyTransactionType,
} from '../core/custody';
import { callbackPayload, signatureHeader, timestampHeader, verifySignedMessage } from '../core/custody-signature';
import { DomainError, ForbiddenError, IdempotencyConflictError, InvalidRequestError, NotFoundError, UnauthenticatedError } from '../core/errors';
import { accounts, availableOf, type AccountBalance } from '../core/ledger';
import { reconcile, type ReconciliationDifference } from '../core/reconciliation';
import { completeDisbursementWait } from './disbursement';
import { completeRepayment } from './repayment';
import { completeCompensation } from './risk-reserve-compensation';
import { custodianBank, custodianBankSecret, fenOfYuan, type CustodianBank } from '../adapters/custodian-bank/custodian-bank';
import { callbackEvent, type CallbackEvent } from '../adapters/custodian-bank/protocol';
import {
  claimEvent,
  completeEvent,
  createTransaction,
  custodyTotals,
  dayBook,
  findTransaction,
  saveReconciliationReport,
  settleTransaction,
  storeCustodyAccount,
  type CustodyTransaction,
  type ReconciliationReport,
} from '../adapters/dynamodb/custody-repository';
import { accountBalance, recordEntry } from '../adapters/dynamodb/ledger-repository';
import { monitorWithdrawal } from '../composition/monitoring';
import { findUserProfile, type CustodyAccountSummary } from '../adapters/dynamodb/user-repository';


/** Deposits and withdrawals need a real-name verified user (实名认证), with a sub-account at the bank. */
async function verifiedCustodyAccount(userId: string, bank: CustodianBank): Promise<CustodyAccountSummary> {
  const profile = await findUserProfile(userId);
  if (profile?.verification?.status !== 'VERIFIED') throw new ForbiddenError('Real-name verification (实名认证) is required before deposits and withdrawals');
  if (profile.custodyAccount) return profile.custodyAccount;
  // The bank opens one sub-account per owner: a second caller racing here gets the same one.
  const opened = await bank.openSubAccount(userId);
  return storeCustodyAccount(userId, { subAccountId: opened.subAccountId, openedAt: opened.openedAt });
}

/** The same id reached with other content (after a freed Idempotency-Key): refuse rather than guess. */
function assertSameRequest(existing: CustodyTransaction, userId: string, amountFen: number): void {
  if (existing.userId !== userId || existing.amountFen !== amountFen) {
    throw new IdempotencyConflictError('This Idempotency-Key');
  }
}

export async function requestDeposit(userId: string, idempotencyKey: string, amountFen: number, at: Date, bank: CustodianBank = custodianBank): Promise<CustodyTransaction> {
  const custodyAccount = await verifiedCustodyAccount(userId, bank);
  const depositId = custodyTransactionId('deposit', userId, idempotencyKey);
  const { created, transaction } = await createTransaction({
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
  const outcome = await bank.deposit({ instructionId: depositId, subAccountId: transaction.subAccountId, amountFen });
  if (!outcome.accepted) return failSynchronously(transaction, outcome.code, at);
  return (await findTransaction(depositId)) ?? transaction;
}

export async function requestWithdrawal(userId: string, idempotencyKey: string, amountFen: number, at: Date, bank: CustodianBank = custodianBank): Promise<CustodyTransaction> {
  const custodyAccount = await verifiedCustodyAccount(userId, bank);
  const withdrawalId = custodyTransactionId('withdrawal', userId, idempotencyKey);
  const existing = await findTransaction(withdrawalId);
  if (existing) assertSameRequest(existing, userId, amountFen);
  // Freeze first: the ledger refuses (InsufficientFundsError, a 422) anything beyond the
  // available balance, under any concurrency; a retry replays the same freeze.
  await recordEntry(withdrawalFreezeEntry(withdrawalId, userId, amountFen), at);
  const { transaction } = await createTransaction({
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
  await monitorWithdrawal(userId, withdrawalId, amountFen, at);
  const outcome = await bank.withdraw({ instructionId: withdrawalId, subAccountId: transaction.subAccountId, amountFen });
  if (!outcome.accepted) return failSynchronously(transaction, outcome.code, at);
  return (await findTransaction(withdrawalId)) ?? transaction;
}

/** The bank refused the instruction outright: nothing moved there; unfreeze a withdrawal. */
async function failSynchronously(transaction: CustodyTransaction, code: string, at: Date): Promise<CustodyTransaction> {
  if (transaction.type === 'withdrawal') await recordEntry(withdrawalSettlementEntry(transaction.transactionId, 'void'), at);
  await settleTransaction({ transaction, outcome: 'FAILED', eventId: `refused:${code}`, settledAt: at.toISOString(), businessDate: businessDate(at, platformTimeZone), reason: code, at });
  return (await findTransaction(transaction.transactionId)) ?? transaction;
}

/** A deposit or withdrawal of the caller; another user's id reads as absent (404). */
export async function callerTransaction(userId: string, id: string, type: CustodyTransactionType): Promise<CustodyTransaction> {
  const transaction = await findTransaction(id);
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

export async function custodyAccountOf(userId: string): Promise<CustodyAccountView> {
  const [profile, balance, totals] = await Promise.all([findUserProfile(userId), accountBalance(accounts.custody(userId)), custodyTotals(userId)]);
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
export async function acceptCallback(rawBody: string | undefined, headers: Readonly<Record<string, string | undefined>>, at: Date): Promise<CallbackResult> {
  const body = rawBody ?? '';
  const timestamp = headers[timestampHeader];
  const verdict = verifySignedMessage(await custodianBankSecret(), callbackPayload(timestamp ?? '', body), { timestamp, signature: headers[signatureHeader] }, at);
  if (verdict === 'late' || verdict === 'early') throw new UnauthenticatedError('The callback is outside the 5-minute replay window');
  if (verdict !== 'valid') throw new UnauthenticatedError('The callback is not signed by the custodian bank');

  let event: CallbackEvent;
  try {
    event = callbackEvent.parse(JSON.parse(body));
  } catch (error) {
    throw new InvalidRequestError(error instanceof z.ZodError ? 'The callback event does not follow the protocol' : 'The callback body is not JSON');
  }
  const claim = await claimEvent(event.eventId, event.type, event.instructionId, at);
  if (claim === 'processed') return { eventId: event.eventId, duplicate: true, outcome: 'already-processed' };
  const outcome = await applyEvent(event, at);
  await completeEvent(event.eventId, at, outcome);
  return { eventId: event.eventId, duplicate: false, outcome };
}

async function applyEvent(event: CallbackEvent, at: Date): Promise<string> {
  const settles = outcomeOfEvent(event.type);
  // Transfers: a disbursement's confirmation completes the origination workflow's wait (repayment comes later).
  if (!settles) return (await completeDisbursementWait(event, at)) ?? (await completeRepayment(event, at)) ?? (await completeCompensation(event, at)) ?? 'not-applicable';
  const transaction = await findTransaction(event.instructionId);
  if (!transaction || transaction.type !== settles.type) throw new DomainError('unprocessable', `No ${settles.type} ${event.instructionId} is known to the platform`);
  if (event.subAccountId !== transaction.subAccountId || event.amount === undefined || fenOfYuan(event.amount) !== transaction.amountFen) {
    console.error(JSON.stringify({ alarm: 'CustodyCallbackMismatch', eventId: event.eventId, instructionId: event.instructionId }));
    throw new DomainError('unprocessable', `The callback does not match ${settles.type} ${event.instructionId}`);
  }
  const settledAs = settles.succeeded ? 'CONFIRMED' : 'FAILED';
  if (transaction.status !== 'PENDING' && transaction.status !== settledAs) {
    console.error(JSON.stringify({ alarm: 'CustodyCallbackContradiction', eventId: event.eventId, instructionId: event.instructionId }));
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
    if (settles.succeeded) await recordEntry(depositEntry(transaction.transactionId, transaction.userId, transaction.amountFen), at);
  } else {
    await recordEntry(withdrawalSettlementEntry(transaction.transactionId, settles.succeeded ? 'post' : 'void'), at);
  }
  const moved = await settleTransaction({
    ...settlement,
    outcome: settledAs,
    ...(settles.succeeded ? {} : { reason: event.reason ?? 'FAILED_AT_BANK' }),
  });
  return moved ? (settles.succeeded ? 'confirmed' : 'failed') : 'already-settled';
}

/** How far back a day can be reconciled against the ledger's current balances. */
const maxReconciliationAgeDays = 62;

/**
 * Reconciles one closed business day: the bank's statement against the platform's
 * day book and ledger. The platform's closing balance of a sub-account is its mirror
 * account's posted balance now, less what the day books of the days since record.
 */
export async function reconcileBusinessDay(date: string, at: Date, bank: CustodianBank = custodianBank): Promise<ReconciliationReport> {
  const today = businessDate(at, platformTimeZone);
  if (date >= today) throw new InvalidRequestError(`${date} has not closed yet`);
  if (addDays(date, maxReconciliationAgeDays) < today) throw new InvalidRequestError(`${date} is older than ${maxReconciliationAgeDays} days`);
  const statement = await bank.statement(date);
  const accountsFen = statement.accounts.map((account) => ({ subAccountId: account.subAccountId, ownerRef: account.ownerRef, kind: account.kind, closingFen: fenOfYuan(account.closingBalance) }));
  const bankMovements = statement.movements.map((movement) => ({
    movementId: movement.movementId,
    instructionId: movement.instructionId,
    operation: movement.operation,
    subAccountId: movement.subAccountId,
    direction: movement.direction,
    amountFen: fenOfYuan(movement.amount),
  }));
  const platformMovements = await dayBook(date);

  const closingOf = async (): Promise<Map<string, number>> => {
    const later: Array<Awaited<ReturnType<typeof dayBook>>> = [];
    for (let day = addDays(date, 1); day <= today; day = addDays(day, 1)) later.push(await dayBook(day));
    const closing = new Map<string, number>();
    for (const account of accountsFen) {
      // The fee account at the bank holds the fee income and, earmarked within it, the risk reserve.
      const mirrors = account.kind === 'PLATFORM_FEES' ? [accounts.feeIncome, accounts.riskReserve] : [accounts.custody(account.ownerRef)];
      let posted = 0;
      for (const mirror of mirrors) {
        const balance = await accountBalance(mirror);
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
  const compare = (closing: Map<string, number>) =>
    reconcile({ accounts: accountsFen, bankMovements, platformMovements, platformClosingFen: (account) => closing.get(account.subAccountId) ?? 0 });

  let differences: ReconciliationDifference[] = compare(await closingOf());
  if (differences.some((difference) => difference.kind === 'BALANCE_MISMATCH')) {
    // A confirmation in flight moves the ledger a moment before its day-book line: look once more.
    await new Promise((wake) => setTimeout(wake, 250));
    differences = compare(await closingOf());
  }
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
  await saveReconciliationReport(report);
  if (differences.length > 0) {
    // The alarm: a metric filter on this line raises the ReconciliationDifference alarm on AWS.
    console.error(JSON.stringify({ alarm: 'ReconciliationDifference', businessDate: date, differenceCount: differences.length, kinds: [...new Set(differences.map((difference) => difference.kind))] }));
  }
  return report;
}
