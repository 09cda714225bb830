/**
 * The custodian bank protocol (资金存管), the contract between the platform's adapter
 * (./custodian-bank.ts) and the bank — on the twin, the simulator in
 * lib/local/custodian-bank/. README "Custodian bank protocol" describes it in prose.
 *
 * Amounts are decimal strings in yuan with at most two decimals, as in the API.
 * Every instruction carries the platform's instructionId: the same id with the same
 * content is a replay (the bank answers as before and executes once), with other
 * content a 409. Money-moving instructions (deposit, withdrawal, transfer) are
 * answered 202 and confirmed asynchronously by a signed callback event.
 */
import * as z from 'zod';
import { yuanPattern } from '../../core/money';

const amount = z.string().regex(yuanPattern).refine((text) => !/^0(\.0{1,2})?$/.test(text), 'an amount is positive');
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);

/** The platform's fee account at the bank: a transfer leg may pay into (or out of) it. */
export const platformFeeAccount = 'PLATFORM-FEES';

export const openSubAccountRequest = z.object({ ownerRef: id }).strict();
export const subAccountResponse = z.object({
  subAccountId: id,
  ownerRef: id,
  status: z.literal('OPEN'),
  openedAt: z.iso.datetime(),
});

export const moneyInstruction = z.object({ instructionId: id, subAccountId: id, amount }).strict();
export const freezeRequest = moneyInstruction;
export const releaseFreezeRequest = z.object({ instructionId: id }).strict();

export const transferPurposes = ['DISBURSEMENT', 'REPAYMENT', 'DISTRIBUTION', 'FEE', 'OTHER'] as const;
export const transferLeg = z
  .object({
    from: id,
    to: id,
    amount,
    /** Draw this leg from a freeze on `from` (a frozen bid at disbursement), not from its available balance. */
    freezeId: id.optional(),
  })
  .strict();
export const transferRequest = z
  .object({ instructionId: id, purpose: z.enum(transferPurposes), legs: z.array(transferLeg).min(1).max(200) })
  .strict();

export const instructionAck = z.object({ instructionId: id, status: z.enum(['PROCESSING', 'SUCCEEDED', 'FAILED']), reason: z.string().optional() });
/** GET /v1/instructions/{id}: the acknowledgement's fields and, once executed or refused, when. */
export const instructionState = instructionAck.extend({ executedAt: z.iso.datetime().optional() });
export const freezeResponse = z.object({ freezeId: id, subAccountId: id, amount, status: z.enum(['FROZEN', 'RELEASED', 'CONSUMED']) });

/** What the bank answers on a refusal (4xx): a code and a message. */
export const bankError = z.object({ code: z.string(), message: z.string() });

export const callbackEventTypes = [
  'deposit.succeeded',
  'deposit.failed',
  'withdrawal.succeeded',
  'withdrawal.failed',
  'transfer.succeeded',
  'transfer.failed',
] as const;
export type CallbackEventType = (typeof callbackEventTypes)[number];

/** A callback event: POSTed to the platform's callback URL, signed over `${timestamp}.${rawBody}`. */
export const callbackEvent = z
  .object({
    eventId: id,
    type: z.enum(callbackEventTypes),
    /** When the bank executed (or refused) the instruction: its business date decides the statement it is in. */
    occurredAt: z.iso.datetime(),
    instructionId: id,
    /** Deposits and withdrawals: the sub-account and the amount. */
    subAccountId: id.optional(),
    amount: amount.optional(),
    /** Failed events: why (e.g. PAYMENT_DECLINED, INSUFFICIENT_FUNDS). */
    reason: z.string().max(200).optional(),
  })
  .strict();
export type CallbackEvent = z.infer<typeof callbackEvent>;

export const movementOperations = ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'ADJUSTMENT'] as const;
export const statementMovement = z.object({
  movementId: id,
  /** Absent for the bank's own adjustments. */
  instructionId: id.optional(),
  operation: z.enum(movementOperations),
  purpose: z.string().optional(),
  subAccountId: id,
  direction: z.enum(['CREDIT', 'DEBIT']),
  amount,
  balanceAfter: z.string().regex(yuanPattern),
  at: z.iso.datetime(),
});
export type StatementMovement = z.infer<typeof statementMovement>;

export const statementAccount = z.object({
  subAccountId: id,
  ownerRef: id,
  kind: z.enum(['USER', 'PLATFORM_FEES']),
  openingBalance: z.string().regex(yuanPattern),
  closingBalance: z.string().regex(yuanPattern),
});

/** One business day (Asia/Shanghai) of the bank's books. */
export const bankStatement = z.object({
  businessDate: z.iso.date(),
  timeZone: z.literal('Asia/Shanghai'),
  accounts: z.array(statementAccount),
  movements: z.array(statementMovement),
});
export type BankStatement = z.infer<typeof bankStatement>;

export const bankHealth = z.object({ status: z.string() });
