/** The investor's portfolio and statements (GET /v1/me/portfolio, /v1/me/statements/{period}). */
import * as z from 'zod';
import { yuanAmount } from './common';

/** A signed amount in yuan with two decimals: a statement's net is negative when the investor lent more than they received. */
export const signedYuanAmount = z.string().regex(/^-?(0|[1-9]\d*)\.\d{2}$/).meta({ description: 'Yuan with two decimals; negative for money out.', example: '-1000.00' });

const figures = {
  invested: yuanAmount.meta({ description: 'Principal lent (出借本金).' }),
  outstandingPrincipal: yuanAmount.meta({ description: 'Principal still owed: invested less principal received and compensation; 0 once written off or settled.' }),
  receivedPrincipal: yuanAmount,
  receivedInterest: signedYuanAmount.meta({ description: 'Interest received, and accrued interest received in sale prices, less accrued interest paid for in purchases (negative until the first repayment after a purchase).' }),
  receivedPenalty: yuanAmount.meta({ description: 'Penalty interest received (罚息).' }),
  feesPaid: yuanAmount.meta({ description: 'Management fees taken from interest and penalty received.' }),
  compensation: yuanAmount.meta({ description: 'Paid by the risk reserve on default (代偿).' }),
  writtenOff: yuanAmount.meta({ description: 'Principal outstanding when the loan was written off (核销损失).' }),
  transferGain: signedYuanAmount.meta({ description: 'Transfer gains less losses (债权转让): a sale\'s price less the value sold (outstanding principal + accrued interest); a purchase\'s value less its price once the loan has closed.' }),
};

export const portfolioView = z
  .object({
    asOf: z.iso.date().meta({ description: 'The business date (Asia/Shanghai) the figures and the return are as of.' }),
    netAnnualReturnPercent: z
      .string()
      .regex(/^-?\d+\.\d{2}$/)
      .nullable()
      .meta({ description: 'XIRR of the dated cash flows (investments and purchases out; repayments net of fees, sale proceeds and compensation in; the outstanding principal in at asOf), percent with two decimals; null while there is no return to compute.' }),
    total: z.object({ loans: z.number().int(), ...figures }),
    byGrade: z.array(z.object({ grade: z.string(), loans: z.number().int(), ...figures })),
    byLoan: z.array(z.object({ loanId: z.string(), grade: z.string().nullable(), status: z.string(), ...figures })),
    warnings: z
      .array(
        z.object({
          kind: z.enum(['LOAN', 'GRADE']),
          subject: z.string().meta({ description: 'The loan id or the grade.' }),
          sharePercent: z.string().meta({ description: 'Its share of the outstanding principal, percent.' }),
          limitPercent: z.string().meta({ description: 'The configured limit it is above, percent.' }),
        }),
      )
      .meta({ description: 'Concentration warnings: one loan or one grade holding more of the outstanding principal than the policy advises.' }),
  })
  .meta({ id: 'Portfolio' });

export const statementParams = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'a month (YYYY-MM) or a year (YYYY)')
    .meta({ description: 'A month (2026-11: the monthly statement) or a year (2026: the annual statement) that has ended.' }),
});

export const statementQuery = z.object({
  format: z.enum(['json', 'csv', 'pdf']).optional().meta({ description: 'json (default), csv (UTF-8) or pdf.' }),
});

const statementLine = z.object({
  date: z.iso.date(),
  loanId: z.string(),
  kind: z.enum(['INVESTMENT', 'REPAYMENT', 'COMPENSATION', 'WRITE_OFF', 'TRANSFER_SALE', 'TRANSFER_PURCHASE', 'TRANSFER_GAIN']),
  reference: z.string().meta({ description: 'The repayment id, the compensation payment id, the transfer purchase id, or the loan id for an investment, a write-off or a realised transfer gain.' }),
  principal: yuanAmount,
  interest: signedYuanAmount.meta({ description: 'Negative for a purchase: the accrued interest paid for.' }),
  penalty: yuanAmount,
  fee: yuanAmount,
  compensation: yuanAmount,
  loss: yuanAmount,
  transferGain: signedYuanAmount.meta({ description: 'A sale\'s price less its value; a realisation\'s discounts less premiums.' }),
  net: signedYuanAmount.meta({ description: 'The effect on the custody account: negative for an investment or a purchase, 0.00 for a write-off or a realisation.' }),
});

export const statementView = z
  .object({
    period: z.string(),
    kind: z.enum(['MONTHLY', 'ANNUAL']),
    from: z.iso.date(),
    to: z.iso.date(),
    investorRef: z.string().meta({ description: 'The investor, masked.' }),
    generatedAt: z.iso.datetime().meta({ description: 'When the statement was made; it never changes after.' }),
    totals: z.object({
      invested: yuanAmount,
      principal: yuanAmount,
      interest: signedYuanAmount,
      penalty: yuanAmount,
      fees: yuanAmount,
      compensation: yuanAmount,
      losses: yuanAmount,
      transferGains: signedYuanAmount.meta({ description: 'Sales\' price less value, and realised discounts less premiums of purchases (negative: a loss).' }),
      net: signedYuanAmount,
    }),
    lines: z.array(statementLine),
  })
  .meta({ id: 'Statement' });
