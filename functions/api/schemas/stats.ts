/** GET /v1/stats schemas: the platform figures (definitions in functions/core/platform-counters.ts). */
import * as z from 'zod';
import { riskGrades } from '../../core/risk-grade';
import { calendarDate, rateText, yuanAmount } from './common';

export const statsQuery = z
  .object({
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    grade: z.enum(riskGrades).optional(),
    termMonths: z.string().regex(/^([1-9]\d?)$/, 'termMonths is 1 to 99').optional(),
  })
  .strict();

/** A share or rate computed exactly, written with six decimals rounded half-up ("0.250000"). */
const ratioText = z
  .string()
  .regex(/^\d+(\.\d{6})?$/)
  .meta({ id: 'RatioText', examples: ['0.083333'] });

const amountAndCount = (description: string) =>
  z.object({ amount: yuanAmount, count: z.number().int().meta({ description: 'How many loans (for compensated: decisions; for transfers: purchases).' }) }).meta({ description });
const count = (description: string) => z.number().int().meta({ description });
const overdueRates = {
  rateByAmount: ratioText.meta({ description: 'The overdue amount over the outstanding amount.' }),
  rateByCount: ratioText.meta({ description: 'Overdue loans over outstanding loans.' }),
};

export const statsResponse = z
  .object({
    asOf: z.iso.datetime(),
    filter: z
      .object({ from: calendarDate.optional(), to: calendarDate.optional(), grade: z.string().optional(), termMonths: z.number().int().optional() })
      .meta({ description: 'The filter the figures are for, as the query gave it.' }),
    lent: amountAndCount('Loans disbursed (a flow: within from/to when given).'),
    outstanding: z
      .object({ principal: yuanAmount, interest: yuanAmount, total: yuanAmount, count: count('How many loans owe something.') })
      .meta({ description: '待收: the unpaid principal and scheduled interest of disbursed, repaying and defaulted loans (a stock).' }),
    borrowers: z
      .object({ cumulative: count('Distinct borrowers ever lent to.'), current: count('Borrowers who owe now.') })
      .meta({ description: 'Borrowers (a stock).' }),
    investors: z
      .object({ cumulative: count('Distinct investors who ever had a stake in a disbursed loan.'), current: count('Investors with a stake in a loan not yet settled or written off.') })
      .meta({ description: 'Investors (a stock).' }),
    overdue: z
      .object({
        amount: yuanAmount,
        count: count('How many outstanding loans have an overdue installment.'),
        ...overdueRates,
        over90: z
          .object({ amount: yuanAmount, count: count('How many of them are more than 90 days overdue.'), ...overdueRates })
          .meta({ description: 'The same for loans more than 90 days overdue.' }),
      })
      .meta({ description: 'Outstanding loans with at least one overdue installment; their whole outstanding is the overdue amount (a stock).' }),
    concentration: z
      .object({
        top10: z.object({ amount: yuanAmount, share: ratioText }).meta({ description: 'The ten borrowers who owe most, together: their outstanding and its share of the total.' }),
        largest: z.object({ amount: yuanAmount, share: ratioText }).meta({ description: 'The borrower who owes most: their outstanding and its share of the total.' }),
      })
      .meta({ description: 'How concentrated the outstanding is on a few borrowers (a stock).' }),
    relatedParty: amountAndCount('关联方: loans disbursed to related parties (staff, shareholders and their relatives; a flow).'),
    compensated: amountAndCount('Risk-reserve compensations paid to investors (a flow).'),
    transfers: amountAndCount('债权转让: debt transfers the bank settled, by price paid (a flow, on the settlement date).'),
    rescheduled: amountAndCount('展期/重组: loans rescheduled (the borrower accepted the terms), by the principal their new installments repay (a flow, dated by the acceptance).'),
    fees: z
      .object({ borrowerServiceFeeRate: rateText, investorManagementFeeRate: rateText, riskReserveShare: rateText, penaltyRate: rateText })
      .meta({ description: 'The fee and penalty rates in force.' }),
  })
  .meta({ id: 'PlatformFigures', description: 'The platform figures (平台运营数据). Flows (lent, relatedParty, compensated, transfers, rescheduled) honour from/to; stocks (outstanding, borrowers, investors, overdue, concentration) are as of the read (asOf).' });
