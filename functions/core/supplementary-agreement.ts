/**
 * The supplementary agreement (补充协议) a borrower signs to accept a reschedule: the
 * loan it amends, the terms granted (a payment holiday or an extension, the rate
 * afterwards, never above the contract's), the extra interest, the replacement schedule
 * and the clauses that keep everything else of the loan contract. Pure: built from the
 * loan and the approved terms, dated by the approval (when the terms were set), it is the
 * same every time, so its PDF (adapters/documents/supplementary-agreement-pdf.ts) is too:
 * an acceptance retried after a refusal stores the same bytes. The signatures carry the
 * acceptance's time. Signed like the loan
 * contract (the e-signature port) by the borrower and by the platform, which the loan
 * contract authorizes to agree servicing changes on the investors' behalf.
 */
import { percent, maskedUserRef, type PartyConsent, type SigningParty } from './loan-agreement';
import { formatYuan } from './money';
import { formatRate } from './rate';
import type { RepaymentSchedule } from './repayment-schedule';
import type { RescheduleTerms, Rescheduling } from './rescheduling';

export const supplementaryAgreementVersion = 1;
export const supplementaryAgreementKey = (loanId: string): string => `contracts/${loanId}/supplementary-agreement-v${supplementaryAgreementVersion}.pdf`;

const kindNames: Readonly<Record<RescheduleTerms['kind'], string>> = {
  EXTEND_TERM: '展期 Extension of the term',
  PAYMENT_HOLIDAY: '还款假期 Payment holiday',
};

export interface SupplementaryAgreement {
  readonly version: number;
  readonly loanId: string;
  /** The approval instant, ISO 8601 (when the terms were set): the document's date. */
  readonly generatedAt: string;
  readonly platformName: string;
  readonly borrowerRef: string;
  readonly title: string;
  /** The agreement's text, clause by clause. */
  readonly clauses: readonly string[];
  readonly schedule: ReadonlyArray<{ readonly number: number; readonly dueDate: string; readonly principal: string; readonly interest: string; readonly total: string }>;
}

export function buildSupplementaryAgreement(input: {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly platformName: string;
  readonly contract: RepaymentSchedule;
  readonly terms: RescheduleTerms;
  readonly rescheduling: Rescheduling;
  /** The approval instant. */
  readonly datedAt: string;
}): SupplementaryAgreement {
  const { contract, terms, rescheduling } = input;
  const first = rescheduling.replacement[0];
  const last = rescheduling.replacement.at(-1);
  const clauses = [
    `甲方（借款人 Borrower）：${maskedUserRef(input.borrowerId)}；乙方（信息中介 Information intermediary，受出借人委托 on the investors' behalf）：${input.platformName}。`,
    `第一条 原合同 The loan contract: 借款编号 Loan ${input.loanId}，期限 ${contract.terms.termMonths} 个月 months，年利率 annual rate ${percent(contract.terms.annualRate)}%。`,
    `第二条 变更 The change: ${kindNames[terms.kind]}，${terms.months} 个月 months；年利率 annual rate ${percent(terms.annualRate)}%（不高于原合同 never above the contract's: ${formatRate(terms.annualRate)}）。`,
    `第三条 已到期的 ${rescheduling.kept.length} 期保持不变 The ${rescheduling.kept.length} installments already due stay as they are; 剩余本金 the remaining principal ${formatYuan(rescheduling.principal)} 元 is repaid in ${rescheduling.replacement.length} installments from ${first?.dueDate ?? '-'} to ${last?.dueDate ?? '-'}（期限 term afterwards ${rescheduling.termMonths} 个月 months）。`,
    `第四条 因本次变更增加的利息合计 Extra interest from this change: ${formatYuan(rescheduling.extraInterest)} 元 (CNY)。还款假期的利息不计复利 The interest of a holiday bears no interest.`,
    '第五条 原合同其他条款（逾期罚息、费用、争议解决）继续有效 Every other clause of the loan contract (overdue penalty, fees, dispute resolution) remains in force. 每笔借款仅可展期或重组一次 A loan is rescheduled at most once.',
  ];
  return {
    version: supplementaryAgreementVersion,
    loanId: input.loanId,
    generatedAt: input.datedAt,
    platformName: input.platformName,
    borrowerRef: maskedUserRef(input.borrowerId),
    title: `借款合同补充协议 Supplementary agreement to loan ${input.loanId}`,
    clauses,
    schedule: rescheduling.replacement.map((installment) => ({
      number: installment.number,
      dueDate: installment.dueDate,
      principal: formatYuan(installment.principal),
      interest: formatYuan(installment.interest),
      total: formatYuan(installment.total),
    })),
  };
}

/** Who signs it: the borrower, then the platform. */
/** The parties: the borrower, with the acceptance of the agreement (its digest) as their consent, and the platform. */
export const supplementarySigningParties = (agreement: SupplementaryAgreement, acceptance: PartyConsent): SigningParty[] => [
  { role: 'borrower', party: agreement.borrowerRef, consent: acceptance },
  { role: 'platform', party: agreement.platformName },
];