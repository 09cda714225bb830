/**
 * Deposits (充值) and withdrawals (提现) through the custodian bank, in ledger terms.
 * Pure: ids, journal entries and state transitions; the I/O is in
 * functions/application/custody.ts.
 *
 * - A deposit is PENDING until the bank's callback: deposit.succeeded posts
 *   custodianBank → custody(user) (entry `deposit:{id}`) and makes it CONFIRMED;
 *   deposit.failed makes it FAILED and moves nothing.
 * - A withdrawal first freezes the amount in the ledger (a pending transfer
 *   custody(user) → custodianBank, entry `withdrawal:{id}:freeze`), so it can never
 *   exceed the available balance, then instructs the bank. withdrawal.succeeded posts
 *   the pending transfer, withdrawal.failed voids it — both as the one entry
 *   `withdrawal:{id}:settle`, so it resolves exactly once: a replay is a no-op and a
 *   contradicting second outcome is refused by the ledger.
 */
import { createHash } from 'node:crypto';
import { purchaseOfInstruction } from './debt-transfer';
import { loanOfDisbursementInstruction } from './disbursement';
import { accounts, type JournalEntry } from './ledger';
import { parseCompensationId } from './risk-reserve-compensation';
import { parseRepaymentId } from './servicing';

export type CustodyTransactionType = 'deposit' | 'withdrawal';
export type CustodyStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';

/**
 * A deterministic id from the caller and their Idempotency-Key: a retry after a
 * failure that freed the key (a 5xx) reuses the id, so nothing happens twice.
 */
export function custodyTransactionId(type: CustodyTransactionType, userId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${type}\n${userId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
  return `${type === 'deposit' ? 'dep' : 'wdr'}_${digest}`;
}

export const custodyTransactionIdPattern = /^(dep|wdr)_[0-9a-f]{32}$/;

export function typeOfTransactionId(id: string): CustodyTransactionType | undefined {
  if (!custodyTransactionIdPattern.test(id)) return undefined;
  return id.startsWith('dep_') ? 'deposit' : 'withdrawal';
}

export function depositEntry(depositId: string, userId: string, amountFen: number): JournalEntry {
  return {
    id: `deposit:${depositId}`,
    kind: 'deposit',
    transfers: [{ kind: 'posted', id: `deposit:${depositId}`, debit: accounts.custodianBank, credit: accounts.custody(userId), amountFen }],
  };
}

/** The pending transfer that freezes a withdrawal's amount; its id is the withdrawal's freeze id. */
export const withdrawalFreezeId = (withdrawalId: string): string => `withdrawal:${withdrawalId}`;

export function withdrawalFreezeEntry(withdrawalId: string, userId: string, amountFen: number): JournalEntry {
  return {
    id: `withdrawal:${withdrawalId}:freeze`,
    kind: 'withdrawal-freeze',
    transfers: [{ kind: 'pending', id: withdrawalFreezeId(withdrawalId), debit: accounts.custody(userId), credit: accounts.custodianBank, amountFen }],
  };
}

/** Posts (the bank paid out) or voids (the bank refused) the withdrawal's freeze: one entry id for both outcomes. */
export function withdrawalSettlementEntry(withdrawalId: string, outcome: 'post' | 'void'): JournalEntry {
  return {
    id: `withdrawal:${withdrawalId}:settle`,
    kind: outcome === 'post' ? 'withdrawal' : 'withdrawal-void',
    transfers: [{ kind: outcome === 'post' ? 'post-pending' : 'void-pending', id: `withdrawal:${withdrawalId}:settle`, pendingId: withdrawalFreezeId(withdrawalId) }],
  };
}

/** The bank's callback event types that settle a deposit or a withdrawal. */
export function outcomeOfEvent(type: string): { type: CustodyTransactionType; succeeded: boolean } | undefined {
  const match = /^(deposit|withdrawal)\.(succeeded|failed)$/.exec(type);
  if (!match) return undefined;
  return { type: match[1] as CustodyTransactionType, succeeded: match[2] === 'succeeded' };
}

/** What a transfer instruction is for: each kind has its own instruction id shape. */
export const transferInstructionKinds = ['disbursement', 'repayment', 'compensation', 'transfer'] as const;
export type TransferInstructionKind = (typeof transferInstructionKinds)[number];

const instructionOfKind: Readonly<Record<TransferInstructionKind, (instructionId: string) => unknown>> = {
  disbursement: loanOfDisbursementInstruction,
  repayment: parseRepaymentId,
  compensation: parseCompensationId,
  transfer: purchaseOfInstruction,
};

/** The kind of a transfer instruction id, or undefined for one the platform never sends. */
export const transferInstructionKind = (instructionId: string): TransferInstructionKind | undefined =>
  transferInstructionKinds.find((kind) => instructionOfKind[kind](instructionId) !== undefined);
