/** The reschedule request routes' schemas (展期/重组): the borrower's request, a reviewer's decision, the borrower's response, the request as it stands. */
import * as z from 'zod';
import { rescheduleReasons, rescheduleStatuses } from '../../core/rescheduling';
import { calendarDate, rateText, yuanAmount } from './common';
import { rescheduleQuoteRequest } from './loans';
import { installment } from './quotes';

const explanation = z.string().trim().min(1).max(500);

export const rescheduleRequestBody = z
  .object({
    reason: z.enum(rescheduleReasons).meta({ description: 'Why the borrower asks: the hardship, as a code (no free text: nothing personal is stored).' }),
    wish: rescheduleQuoteRequest.meta({ description: 'What the borrower asks for: a longer term, a payment holiday or a lower installment (as for a quote).' }),
  })
  .strict()
  .meta({ id: 'RescheduleRequestBody' });

export const rescheduleDecisionBody = z
  .discriminatedUnion('decision', [
    z
      .object({
        decision: z.literal('APPROVE'),
        kind: z.enum(['EXTEND_TERM', 'PAYMENT_HOLIDAY']).meta({ description: 'The terms granted: an extension or a payment holiday (a lower installment is granted as an extension).' }),
        months: z.number().int().min(1).max(12).meta({ description: 'Months of the extension (1–12) or the holiday (1–3).' }),
        annualRate: rateText.optional().meta({ description: 'The rate afterwards; at most the contract’s (the contract’s when absent).' }),
      })
      .strict(),
    z.object({ decision: z.literal('REJECT'), reason: explanation.meta({ description: 'Why, shown to the borrower.' }) }).strict(),
  ])
  .meta({ id: 'RescheduleDecisionBody' });

export const rescheduleResponseBody = z
  .object({ response: z.enum(['ACCEPT', 'DECLINE']).meta({ description: 'ACCEPT signs the supplementary agreement and replaces the schedule; DECLINE ends the request (final).' }) }).strict().meta({ id: 'RescheduleResponseBody' });

export const rescheduleRequestView = z
  .object({
    loanId: z.string(),
    status: z.enum(rescheduleStatuses),
    wish: rescheduleQuoteRequest,
    reason: z.enum(rescheduleReasons),
    requestedAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().optional(),
    rejectionReason: z.string().optional(),
    /** Once approved: the terms, what they do, and the last day to accept them. */
    terms: z.object({ kind: z.enum(['EXTEND_TERM', 'PAYMENT_HOLIDAY']), months: z.number().int(), annualRate: z.string() }).optional(),
    acceptBy: calendarDate.optional().meta({ description: 'The last day (Asia/Shanghai) the borrower may accept: the day before the first installment replaced falls due.' }),
    termMonths: z.number().int().optional().meta({ description: 'The loan’s term afterwards, in months from its start.' }),
    principal: yuanAmount.optional().meta({ description: 'The principal the new installments repay.' }),
    extraInterest: z.string().optional().meta({ description: 'The interest the borrower pays more in total (new interest minus that of the installments replaced), yuan; shown before they accept.' }),
    keptInstallments: z.number().int().optional(),
    installments: z.array(installment).optional().meta({ description: 'The installments that replace those due after the decision day.' }),
    acceptedAt: z.iso.datetime().optional(),
    declinedAt: z.iso.datetime().optional(),
    /** Once accepted: the signed supplementary agreement. */
    agreement: z
      .object({
        sha256: z.string(),
        byteLength: z.number().int(),
        signatures: z.array(z.object({ role: z.string(), party: z.string(), keyId: z.string(), signedAt: z.iso.datetime() })),
      })
      .optional(),
  })
  .meta({ id: 'RescheduleRequest' });

export const rescheduleRequestsPage = z
  .object({ items: z.array(rescheduleRequestView.pick({ loanId: true, status: true, wish: true, reason: true, requestedAt: true })) })
  .meta({ id: 'RescheduleRequestPage' });
