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
  number: z.number().int().min(1),
  principal: yuanAmount,
  interest: yuanAmount,
  penalty: yuanAmount,
  settles: z.boolean(),
});

export const repayment = z
  .object({
    repaymentId: z.string(),
    loanId: z.string(),
    number: z.number().int().min(1),
    kind: z.enum(repaymentKinds),
    source: z.enum(['BORROWER', 'AUTO_DEBIT']),
    status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']),
    amount: yuanAmount,
    principal: yuanAmount,
    interest: yuanAmount,
    penalty: yuanAmount,
    /** The investors' management fees taken from this repayment's interest and penalty. */
    managementFees: yuanAmount,
    settlesLoan: z.boolean(),
    requestedOn: z.iso.date(),
    createdAt: z.iso.datetime(),
    confirmedAt: z.iso.datetime().optional(),
    failureReason: z.string().optional(),
    installments: z.array(installmentPayment),
    /** The calling investor's share (investors only). */
    yourShare: z
      .object({ principal: yuanAmount, interest: yuanAmount, penalty: yuanAmount, managementFee: yuanAmount, net: yuanAmount })
      .optional(),
  })
  .meta({ id: 'Repayment' });

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
