/**
 * The risk review (风控) of an application: hard rules, anti-fraud checks and the
 * scorecard decide together. Rules are data (a small declarative rules engine: each
 * rule names a fact, an operator and a threshold, and an outcome with a reason code),
 * so the rule book reads as a table and every decision lists the rules that fired.
 *
 * Outcome: any REJECT rule → REJECTED with its reasons; otherwise any REFER rule →
 * MANUAL_REVIEW with its reasons (a reviewer decides); otherwise APPROVED with the
 * scorecard's grade.
 */
import { scoreApplication, scoreCutoff, type ScoreCard, type ScorecardFacts } from './credit-scorecard';
import type { RiskGrade } from './risk-grade';

export interface RiskFacts extends ScorecardFacts {
  readonly kycVerified: boolean;
  /** On the platform's blacklist, or a dishonest judgment debtor (失信被执行人) per the bureau. */
  readonly blacklisted: boolean;
  /** The longest overdue episode in the last 24 months, days. */
  readonly maxOverdueDays: number;
  /** Overdue right now elsewhere, integer fen. */
  readonly currentOverdueFen: number;
  /** floor(100 × (all debt incl. this loan) / monthly income). */
  readonly debtToMonthlyIncomePercent: number;
  /** The borrower's applications in the velocity window, this one included. */
  readonly applicationsInWindow: number;
  /** amount above the large-loan threshold of the borrower's kind. */
  readonly largeAmount: boolean;
  readonly score: number;
}

type Operator = 'equal' | 'greaterThan' | 'lessThan';

export interface RiskRule {
  readonly code: string;
  readonly outcome: 'REJECT' | 'REFER';
  readonly fact: keyof RiskFacts;
  readonly operator: Operator;
  readonly value: number | boolean;
  readonly description: string;
}

export const rulebookVersion = 'rules-2026.1';

/** The rule book. Thresholds are policy; change them here, with a new rulebookVersion. */
export const riskRules: readonly RiskRule[] = [
  { code: 'KYC_NOT_VERIFIED', outcome: 'REJECT', fact: 'kycVerified', operator: 'equal', value: false, description: 'real-name verification is not complete' },
  { code: 'BLACKLISTED', outcome: 'REJECT', fact: 'blacklisted', operator: 'equal', value: true, description: 'on the blacklist or a dishonest judgment debtor' },
  { code: 'BUREAU_CURRENTLY_OVERDUE', outcome: 'REJECT', fact: 'currentOverdueFen', operator: 'greaterThan', value: 0, description: 'overdue elsewhere right now' },
  { code: 'BUREAU_SEVERE_DELINQUENCY', outcome: 'REJECT', fact: 'maxOverdueDays', operator: 'greaterThan', value: 90, description: 'an overdue episode of more than 90 days in 24 months' },
  { code: 'BUREAU_REPEATED_OVERDUE', outcome: 'REJECT', fact: 'overdueCount24m', operator: 'greaterThan', value: 2, description: 'more than two overdue episodes in 24 months' },
  { code: 'DEBT_TO_INCOME_TOO_HIGH', outcome: 'REJECT', fact: 'debtToMonthlyIncomePercent', operator: 'greaterThan', value: 2400, description: 'all debt, this loan included, above 24 months of income' },
  { code: 'APPLICATION_VELOCITY_EXCEEDED', outcome: 'REJECT', fact: 'applicationsInWindow', operator: 'greaterThan', value: 3, description: 'more than three applications in the velocity window' },
  { code: 'SCORE_BELOW_CUTOFF', outcome: 'REJECT', fact: 'score', operator: 'lessThan', value: scoreCutoff, description: `a score below ${scoreCutoff}` },
  { code: 'NO_CREDIT_HISTORY', outcome: 'REFER', fact: 'creditHistoryMonths', operator: 'equal', value: 0, description: 'a thin file: no credit history to score' },
  { code: 'BUREAU_PAST_OVERDUE', outcome: 'REFER', fact: 'overdueCount24m', operator: 'greaterThan', value: 0, description: 'an overdue episode in 24 months' },
  { code: 'APPLICATION_VELOCITY', outcome: 'REFER', fact: 'applicationsInWindow', operator: 'greaterThan', value: 1, description: 'another application in the velocity window' },
  { code: 'LARGE_AMOUNT', outcome: 'REFER', fact: 'largeAmount', operator: 'equal', value: true, description: 'above the large-loan threshold' },
  { code: 'LOW_SCORE', outcome: 'REFER', fact: 'score', operator: 'lessThan', value: 590, description: 'a score in grade E' },
];

/** Above this an application goes to a reviewer: ¥100,000 for a person, ¥500,000 for an enterprise. */
export const largeAmountFen = { personal: 10_000_000, enterprise: 50_000_000 } as const;

function fires(rule: RiskRule, facts: RiskFacts): boolean {
  const actual = facts[rule.fact];
  switch (rule.operator) {
    case 'equal':
      return actual === rule.value;
    case 'greaterThan':
      return typeof actual === 'number' && typeof rule.value === 'number' && actual > rule.value;
    case 'lessThan':
      return typeof actual === 'number' && typeof rule.value === 'number' && actual < rule.value;
  }
}

export type RiskDecision = 'APPROVED' | 'REJECTED' | 'MANUAL_REVIEW';

export interface RiskReview {
  readonly decision: RiskDecision;
  /** The scorecard's grade (for APPROVED, the listing's grade; otherwise a reviewer's hint). */
  readonly grade: RiskGrade;
  readonly reasons: readonly string[];
  readonly score: number;
  readonly scorecardVersion: string;
  readonly rulebookVersion: string;
  readonly contributions: ScoreCard['contributions'];
}

export type ReviewInputs = Omit<RiskFacts, 'score'>;

export function reviewApplication(inputs: ReviewInputs): RiskReview {
  const card = scoreApplication(inputs);
  const facts: RiskFacts = { ...inputs, score: card.score };
  const fired = riskRules.filter((rule) => fires(rule, facts));
  const rejections = fired.filter((rule) => rule.outcome === 'REJECT').map((rule) => rule.code);
  const referrals = fired.filter((rule) => rule.outcome === 'REFER').map((rule) => rule.code);
  const decision: RiskDecision = rejections.length > 0 ? 'REJECTED' : referrals.length > 0 ? 'MANUAL_REVIEW' : 'APPROVED';
  return {
    decision,
    grade: card.grade,
    reasons: decision === 'REJECTED' ? rejections : decision === 'MANUAL_REVIEW' ? referrals : [],
    score: card.score,
    scorecardVersion: card.scorecardVersion,
    rulebookVersion,
    contributions: card.contributions,
  };
}

/** floor(100 × debt / income), exact; income 0 counts as unbounded. */
export function debtToMonthlyIncomePercent(debtFen: number, monthlyIncomeFen: number): number {
  if (monthlyIncomeFen <= 0) return Number.MAX_SAFE_INTEGER;
  return Number((BigInt(debtFen) * 100n) / BigInt(monthlyIncomeFen));
}
