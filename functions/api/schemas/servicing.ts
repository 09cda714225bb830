/** The servicing routes' schemas: repayments of a loan, and an investor's holdings. */
import * as z from 'zod';
import { loanStatuses } from '../../core/loan-lifecycle';
import { repaymentKinds } from '../../core/servicing';
import { yuanAmount } from './common';

export const repaymentRequest = z
  .object({
    /** DUE: everything due now (overdue and today's); EARLY_SETTLEMENT: the whole loan (remaining principal + interest accrued to today, no penalty). */
    kind: z.enum(repaymentKinds),
    /** DUE only: pay this much of what is due now (allocated penalty → interest → principal, oldest first). */
    amount: yuanAmount.optional(),
  })
  .strict()
  .meta({ id: 'RepaymentRequest' });

export const repaymentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1000).optional(),
});

const installmentPayment = z.object({
  number: z.number().int().min(1).meta({ description: 'The installment’s number in the schedule, from 1.' }),
  principal: yuanAmount,
  interest: yuanAmount,
  penalty: yuanAmount,
  settles: z.boolean().meta({ description: 'Whether this payment settles the installment.' }),
});

export const repayment = z
  .object({
    repaymentId: z.string(),
    loanId: z.string(),
    number: z.number().int().min(1).meta({ description: 'The repayment’s number on the loan, from 1, in the order they were made.' }),
    kind: z.enum(repaymentKinds),
    source: z.enum(['BORROWER', 'AUTO_DEBIT']).meta({ description: 'BORROWER: the borrower paid through the API; AUTO_DEBIT: the platform collected a due installment from the borrower’s account.' }),
    status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']),
    amount: yuanAmount,
    principal: yuanAmount,
    interest: yuanAmount,
    penalty: yuanAmount,
    managementFees: yuanAmount.meta({ description: 'The investors’ management fees taken from this repayment’s interest and penalty.' }),
    settlesLoan: z.boolean().meta({ description: 'Whether this repayment pays the loan off.' }),
    requestedOn: z.iso.date().meta({ description: 'The business day it was requested (YYYY-MM-DD, Asia/Shanghai).' }),
    createdAt: z.iso.datetime(),
    confirmedAt: z.iso.datetime().optional(),
    failureReason: z.string().optional().meta({ description: 'Why the bank refused or failed the transfer, when it did.' }),
    installments: z.array(installmentPayment).meta({ description: 'What it pays of each installment, oldest first.' }),
    /** The calling investor's share (investors only). */
    yourShare: z
      .object({ principal: yuanAmount, interest: yuanAmount, penalty: yuanAmount, managementFee: yuanAmount, net: yuanAmount })
      .optional(),
  })
  .meta({ id: 'Repayment' });

const repaymentPlan = z.object({
  amount: yuanAmount.meta({ description: 'What the repayment would take from the available balance: principal + interest + penalty.' }),
  principal: yuanAmount,
  interest: yuanAmount,
  penalty: yuanAmount,
  settlesLoan: z.boolean().meta({ description: 'Whether paying it settles the loan.' }),
  installments: z.array(installmentPayment).meta({ description: 'What it would pay of each installment, oldest first.' }),
});

export const repaymentQuote = z
  .object({
    loanId: z.string(),
    asOf: z.iso.date().meta({ description: 'The business day quoted (YYYY-MM-DD, Asia/Shanghai): a repayment requested that day pays exactly this.' }),
    due: repaymentPlan.optional().meta({ description: 'Everything due now (overdue installments with their penalty, and today’s): what kind DUE pays. Absent when nothing is due.' }),
    earlySettlement: repaymentPlan.meta({ description: 'The whole loan today: what is due now, then the remaining principal and the interest accrued to today, no penalty on the future part: what kind EARLY_SETTLEMENT pays.' }),
    available: yuanAmount.meta({ description: 'The borrower’s available custody balance, which a repayment is reserved from.' }),
    repaymentInProgress: z.boolean().meta({ description: 'A repayment of the loan is with the bank; another waits until it is answered.' }),
  })
  .meta({ id: 'RepaymentQuote' });

export const repaymentsPage = z.object({ items: z.array(repayment), nextCursor: z.string().optional() }).meta({ id: 'RepaymentPage' });

export const holding = z
  .object({
    loanId: z.string(),
    status: z.enum(loanStatuses),
    principalInvested: yuanAmount,
    expectedPrincipal: yuanAmount,
    expectedInterest: yuanAmount,
    receivedPrincipal: yuanAmount,
    receivedInterest: yuanAmount,
    receivedPenalty: yuanAmount,
    managementFeesPaid: yuanAmount,
    /** What reached the investor's custody account: principal + interest + penalty − fees. */
    receivedNet: yuanAmount,
    /** Paid by the risk reserve when the loan defaulted (代偿), on top of receivedNet; 0.00 when none. */
    receivedCompensation: yuanAmount,
    outstandingPrincipal: yuanAmount,
  })
  .meta({ id: 'Holding' });

export const holdingsPage = z.object({ items: z.array(holding) }).meta({ id: 'HoldingPage' });
