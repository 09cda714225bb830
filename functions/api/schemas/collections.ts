/** Schemas of the post-loan routes: collection cases, write-off, monitoring alerts, the risk reserve's disclosure. */
import * as z from 'zod';
import { overdueBuckets } from '../../core/overdue';
import { alertKinds } from '../../core/monitoring';
import { collectionActionKinds, collectionStages } from '../../core/collection-case';
import { yuanAmount } from './common';

const pageQuery = {
  limit: z.string().regex(/^([1-9]\d?|100)$/, 'a limit is 1 to 100').optional(),
  cursor: z.string().min(1).max(2048).optional(),
};

export const collectionsQuery = z.object({ ...pageQuery, stage: z.enum(collectionStages).optional() }).strict();

export const collectionCaseSummary = z
  .object({
    loanId: z.string(),
    borrowerId: z.string(),
    stage: z.enum(collectionStages),
    overdueDays: z.number().int(),
    overdueBucket: z.enum(overdueBuckets).optional(),
    asOf: z.string(),
    openedAt: z.string(),
    updatedAt: z.string(),
    lastReminderDate: z.string().optional(),
    remindersSent: z.number().int().optional(),
  })
  .meta({ id: 'CollectionCase' });

export const collectionsPage = z.object({ items: z.array(collectionCaseSummary), nextCursor: z.string().optional() }).meta({ id: 'CollectionCasesPage' });

export const collectionAction = z
  .object({
    kind: z.enum(collectionActionKinds),
    at: z.string(),
    by: z.string(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .meta({ id: 'CollectionAction' });

export const collectionCaseDetail = collectionCaseSummary
  .extend({
    overdue: z.object({ unpaid: yuanAmount, penaltyOutstanding: yuanAmount, installments: z.number().int() }),
    actions: z.array(collectionAction),
  })
  .meta({ id: 'CollectionCaseDetail' });

/** Why a loan is written off: a reason code (no free text, so no personal data lands in the record). */
export const writeOffReasons = ['UNCOLLECTABLE', 'BORROWER_INSOLVENT', 'BORROWER_DECEASED', 'LEGAL_ACTION_EXHAUSTED', 'SETTLEMENT_AGREED'] as const;
export const writeOffRequest = z.object({ reason: z.enum(writeOffReasons) }).strict().meta({ id: 'WriteOffRequest' });
export type WriteOffRequest = z.infer<typeof writeOffRequest>;

export const writeOffResult = z.object({ loanId: z.string(), status: z.literal('WRITTEN_OFF'), writtenOffAt: z.string(), writtenOffBy: z.string() }).meta({ id: 'WriteOffResult' });

export const alertsQuery = z.object(pageQuery).strict();
export const alertBody = z
  .object({
    alertId: z.string(),
    kind: z.enum(alertKinds),
    userId: z.string(),
    loanId: z.string().optional(),
    raisedAt: z.string(),
    detail: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: 'MonitoringAlert' });
export const alertsPage = z.object({ items: z.array(alertBody), nextCursor: z.string().optional() }).meta({ id: 'MonitoringAlertsPage' });

export const riskReserveDisclosure = z
  .object({
    balance: yuanAmount,
    compensatesInvestors: z.boolean(),
    compensated: yuanAmount,
    decisions: z.array(
      z.object({
        loanId: z.string(),
        decidedAt: z.string(),
        status: z.enum(['NOT_COMPENSATED', 'APPROVED', 'PAYING', 'PAID']),
        reason: z.enum(['POLICY_OFF', 'POLICY_ON', 'RESERVE_EMPTY']),
        claim: yuanAmount,
        amount: yuanAmount,
        /** PAID uses: what the reserve paid the investors, when, and the reserve's balance after. */
        paid: yuanAmount.optional(),
        paidAt: z.string().optional(),
        balanceAfter: yuanAmount.optional(),
      }),
    ),
  })
  .meta({ id: 'RiskReserveDisclosure' });
