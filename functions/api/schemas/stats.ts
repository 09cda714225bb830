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

const amountAndCount = z.object({ amount: yuanAmount, count: z.number().int() });

export const statsResponse = z
  .object({
    asOf: z.iso.datetime(),
    filter: z.object({ from: calendarDate.optional(), to: calendarDate.optional(), grade: z.string().optional(), termMonths: z.number().int().optional() }),
    lent: amountAndCount,
    outstanding: z.object({ principal: yuanAmount, interest: yuanAmount, total: yuanAmount, count: z.number().int() }),
    borrowers: z.object({ cumulative: z.number().int(), current: z.number().int() }),
    investors: z.object({ cumulative: z.number().int(), current: z.number().int() }),
    overdue: z.object({
      amount: yuanAmount,
      count: z.number().int(),
      rateByAmount: ratioText,
      rateByCount: ratioText,
      over90: z.object({ amount: yuanAmount, count: z.number().int(), rateByAmount: ratioText, rateByCount: ratioText }),
    }),
    concentration: z.object({ top10: z.object({ amount: yuanAmount, share: ratioText }), largest: z.object({ amount: yuanAmount, share: ratioText }) }),
    relatedParty: amountAndCount,
    compensated: amountAndCount,
    fees: z.object({ borrowerServiceFeeRate: rateText, investorManagementFeeRate: rateText, riskReserveShare: rateText, penaltyRate: rateText }),
  })
  .meta({ id: 'PlatformFigures' });
