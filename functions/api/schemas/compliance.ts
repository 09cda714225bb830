/** The regulator's view (GET /v1/compliance) and the public operating figures (GET /v1/public/operating-figures/{month}). */
import * as z from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM').meta({ description: 'The month, YYYY-MM (Asia/Shanghai).' });

export const complianceQuery = z.object({ month }).strict();

export const complianceRule = z
  .object({
    id: z.string().meta({ description: 'The rule’s id, e.g. NO_FUND_POOL.' }),
    title: z.string(),
    source: z.string().meta({ description: 'The article the rule comes from.' }),
    enforcedIn: z.array(z.string()).meta({ description: 'The repository files that enforce it.' }),
    testedIn: z.array(z.string()).meta({ description: 'The tests that show it enforced.' }),
    status: z.enum(['MET', 'BREACHED', 'NOT_APPLICABLE']),
    evidence: z.string().meta({ description: 'The month’s evidence figure, e.g. "ledger equal to the bank\'s statement on 30 of 30 days".' }),
    offendingIds: z.array(z.string()).meta({ description: 'What breaks it: days, loan ids, borrower ids, collection actions.' }),
  })
  .meta({ id: 'ComplianceRule' });

export const complianceResponse = z
  .object({
    month: z.string(),
    asOf: z.iso.datetime(),
    rules: z.array(complianceRule),
    summary: z.object({ met: z.number().int(), breached: z.number().int(), notApplicable: z.number().int() }),
  })
  .meta({ id: 'ComplianceSelfCheck', description: '合规自查: every rule the platform enforces, with its source, where it is enforced and tested, and the month’s evidence.' });

export const operatingFiguresParams = z.object({ month });

export const operatingFiguresResponse = z
  .object({
    month: z.string(),
    flowsBasis: z.literal('month-end'),
    stocksBasis: z.enum(['month-end', 'generation-time']),
    entries: z.array(z.object({ name: z.string(), value: z.string() })).meta({ description: 'Named figures: month.* and cumulative.* flows, monthEnd.* stocks, fees.*; amounts in yuan.' }),
  })
  .meta({ id: 'OperatingFigures', description: 'A closed month’s operating figures (信息披露), aggregates only, no personal data.' });
