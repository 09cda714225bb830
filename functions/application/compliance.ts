/**
 * The regulator's view (合规自查, GET /v1/compliance?month=): the month's evidence read from
 * the records, judged by core/compliance.ts. A month that has not begun is refused; the
 * current month is reported up to today (its days after today are not counted yet).
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { complianceReport, daysToReport, type ComplianceRule } from '../core/compliance';
import { assertMonth } from '../core/disclosure-figures';
import { InvalidRequestError } from '../core/errors';
import type { Ratio } from '../core/rational';
import type { ComplianceRecords } from './ports/compliance-records';

export interface CompliancePorts {
  readonly records: ComplianceRecords;
  readonly policy: { loanPrimeRate(): Ratio; lprMultiple(): number; penaltyRate(): Ratio };
}

export interface ComplianceSelfCheck {
  readonly month: string;
  readonly asOf: string;
  readonly rules: readonly ComplianceRule[];
  readonly summary: { readonly met: number; readonly breached: number; readonly notApplicable: number };
}

export async function complianceSelfCheck(ports: CompliancePorts, month: string, at: Date): Promise<ComplianceSelfCheck> {
  assertMonth(month);
  const today = businessDate(at, platformTimeZone);
  if (month > today.slice(0, 7)) throw new InvalidRequestError('the month has not begun', [{ path: 'query.month', message: 'a month up to the current one' }]);
  const [reconciliations, book] = await Promise.all([ports.records.reconciliations(daysToReport(month, today)), ports.records.loanBook()]);
  const borrowers = await ports.records.borrowers([...new Set(book.loans.map((loan) => loan.borrowerId))]);
  const rules = complianceReport({
    month,
    today,
    reconciliations,
    loans: book.loans,
    borrowers,
    collectionContacts: book.collectionContacts,
    policy: { loanPrimeRate: ports.policy.loanPrimeRate(), lprMultiple: ports.policy.lprMultiple(), penaltyRate: ports.policy.penaltyRate() },
  });
  const count = (status: string) => rules.filter((rule) => rule.status === status).length;
  return { month, asOf: at.toISOString(), rules, summary: { met: count('MET'), breached: count('BREACHED'), notApplicable: count('NOT_APPLICABLE') } };
}
