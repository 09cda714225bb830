/** The custody routes' schemas: deposits, withdrawals, the account, transactions, callbacks, reconciliation. */
import * as z from 'zod';
import { custodyTransactionIdPattern } from '../../core/custody';
import { calendarDate, yuanAmount, yuanBetween } from './common';

/** One instruction moves at most ¥1,000,000.00. */
export const custodyAmountRequest = z
  .object({ amount: yuanBetween('0.01', '1000000.00') })
  .strict()
  .meta({ id: 'CustodyAmountRequest', examples: [{ amount: '1000.00' }] });

export const custodyStatus = z.enum(['PENDING', 'CONFIRMED', 'FAILED']);

const statementLineType = z.enum(['deposit', 'withdrawal', 'transfer-in', 'transfer-out']);

export const custodyTransaction = z
  .object({
    id: z.string().meta({ description: 'The transaction’s id: a deposit’s or withdrawal’s id, or the bank instruction’s for a transfer.' }),
    type: statementLineType.meta({ description: 'deposit or withdrawal: the caller’s own; transfer-in / transfer-out: the bank moved money into or out of the caller’s sub-account on the platform’s instruction.' }),
    amount: yuanAmount,
    status: custodyStatus,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    settledAt: z.iso.datetime().optional(),
    failureReason: z.string().optional().meta({ description: 'Why the bank refused or failed it, when it did.' }),
    purpose: z.enum(['loan-disbursement', 'repayment', 'risk-reserve-compensation', 'debt-transfer']).optional().meta({ description: 'For a transfer: what the platform moved the money for.' }),
    loanId: z.string().optional(),
  })
  .meta({ id: 'CustodyTransaction' });
export type CustodyTransactionBody = z.infer<typeof custodyTransaction>;

export const depositParams = z.object({ depositId: z.string().regex(custodyTransactionIdPattern) });
export const withdrawalParams = z.object({ withdrawalId: z.string().regex(custodyTransactionIdPattern) });

export const custodyAccount = z
  .object({
    /** The custodian bank's sub-account, once opened (at the first deposit or withdrawal). */
    subAccountId: z.string().nullable(),
    currency: z.literal('CNY'),
    /** What can be withdrawn or bid now. */
    available: yuanAmount,
    /** Held for withdrawals in progress (and, later, bids). */
    frozen: yuanAmount,
    /** available + frozen. */
    balance: yuanAmount,
    totalDeposited: yuanAmount,
    totalWithdrawn: yuanAmount,
  })
  .meta({ id: 'CustodyAccount' });

export const transactionsQuery = z
  .object({
    type: statementLineType.optional().meta({ description: 'Only lines of this type: deposit, withdrawal, transfer-in or transfer-out.' }),
    /** Business dates (Asia/Shanghai), inclusive. */
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    limit: z.string().regex(/^([1-9]\d?|100)$/, 'a limit is 1 to 100').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const transactionsPage = z
  .object({ items: z.array(custodyTransaction), nextCursor: z.string().optional() })
  .meta({ id: 'CustodyTransactionPage' });

export const callbackReceipt = z.object({ eventId: z.string(), duplicate: z.boolean(), outcome: z.string() });

export const reconciliationParams = z.object({ businessDate: calendarDate });

export const reconciliationReport = z
  .object({
    businessDate: calendarDate,
    generatedAt: z.iso.datetime(),
    status: z.enum(['BALANCED', 'DIFFERENCES']),
    accountsChecked: z.number().int(),
    bankMovements: z.number().int(),
    platformMovements: z.number().int(),
    differenceCount: z.number().int(),
    differences: z.array(z.object({ kind: z.string(), subAccountId: z.string() }).loose()),
  })
  .meta({ id: 'ReconciliationReport' });
