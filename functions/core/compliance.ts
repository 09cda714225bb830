/**
 * The regulator's view (合规自查): every rule the platform enforces, with its source
 * article, where it is enforced and tested, and one month's evidence, as a pure function
 * of what the month's records say. A rule is MET, BREACHED (with the offending ids) or
 * NOT_APPLICABLE (nothing in the month it could apply to).
 *
 * Evidence, per rule:
 * - NO_FUND_POOL: the daily reconciliation (ledger against the custodian bank's
 *   statement) BALANCED on each day of the month up to the report's date; a day with
 *   differences, or with no report, breaches it.
 * - BORROWING_CAP_PERSONAL / BORROWING_CAP_ENTERPRISE: the largest amount one borrower owes
 *   on the platform (the amount of every loan that counts against the caps, as the
 *   application check counts it: core/loan-application.ts) against ¥200,000 / ¥1,000,000.
 * - RATE_CAP: the highest contract rate plus the effective penalty rate (cut to the cap,
 *   core/penalty.ts) of the loans lent, against 4 × LPR.
 * - INVESTORS_PER_LOAN: the most investors on one loan, against 199.
 * - PROHIBITED_PURPOSE: loans applied for in the month with a prohibited purpose: 0.
 * - SELF_FINANCING: loans lent in the month to a related party or a staff account: 0.
 * - ADULT_BORROWERS: loans lent in the month to a natural person under 18 on the day they
 *   applied, or whose birth date is unknown: 0.
 * - COLLECTION_HOURS: collection reminders sent outside 08:00–21:00 Shanghai time: 0.
 */
import { maxInvestorsPerLoan } from './disbursement';
import { borrowingCaps, countsAgainstCaps, type BorrowerKind } from './loan-application';
import { isProhibitedPurpose, type LoanPurposeCategory } from './loan-purpose';
import { contactHours } from './overdue';
import { isAdultOn } from './resident-id-number';
import { effectivePenaltyRate, legalRateCap } from './penalty';
import { compareRatios, plus, type Ratio } from './rational';
import { formatRate, parseRate } from './rate';
import { monthEnd } from './disclosure-figures';
import { addDays, businessDate, platformTimeZone } from './calendar';
import { fen, formatYuan } from './money';

export type RuleStatus = 'MET' | 'BREACHED' | 'NOT_APPLICABLE';

export interface ComplianceRule {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  /** Where the platform enforces the rule, and the tests that show it. */
  readonly enforcedIn: readonly string[];
  readonly testedIn: readonly string[];
  readonly status: RuleStatus;
  /** This month's figure, in words a reader checks against the records. */
  readonly evidence: string;
  readonly offendingIds: readonly string[];
}

export interface ComplianceLoan {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly kind?: BorrowerKind | undefined;
  readonly status: string;
  readonly amountFen: number;
  readonly annualRate?: string | undefined;
  readonly investorCount?: number | undefined;
  readonly purposeCategory?: LoanPurposeCategory | undefined;
  readonly createdAt: string;
  /** When it was first lent (DISBURSED), if it was. */
  readonly disbursedAt?: string | undefined;
}

export interface BorrowerProfile {
  readonly relatedParty: boolean;
  /** Holds a staff role: one of the platform's own accounts. */
  readonly staff: boolean;
  readonly birthDate?: string | undefined;
}

export interface ComplianceEvidence {
  readonly month: string;
  /** The business date of the report: days after it are not counted yet. */
  readonly today: string;
  readonly reconciliations: readonly { readonly businessDate: string; readonly status: 'BALANCED' | 'DIFFERENCES' }[];
  readonly loans: readonly ComplianceLoan[];
  /** What the borrowers' profiles say: a related party, a staff account, a birth date. */
  readonly borrowers: ReadonlyMap<string, BorrowerProfile>;
  /** Collection reminders sent in the month (ISO instants). */
  readonly collectionContacts: readonly { readonly id: string; readonly at: string }[];
  readonly policy: { readonly loanPrimeRate: Ratio; readonly lprMultiple: number; readonly penaltyRate: Ratio };
}

const measures = '网络借贷信息中介机构业务活动管理暂行办法';

const inMonth = (iso: string | undefined, month: string): boolean => iso !== undefined && shanghaiDate(iso).slice(0, 7) === month;
/** The Shanghai wall-clock date and hour of an instant (UTC+8, no daylight saving). */
const shanghai = (iso: string): Date => new Date(Date.parse(iso) + 8 * 3_600_000);
const shanghaiDate = (iso: string): string => businessDate(new Date(iso), platformTimeZone);
const yuan = (amountFen: number): string => `¥${formatYuan(fen(amountFen))}`;

function rule(fields: Omit<ComplianceRule, 'status' | 'offendingIds'>, applies: boolean, offendingIds: readonly string[]): ComplianceRule {
  return { ...fields, status: !applies ? 'NOT_APPLICABLE' : offendingIds.length > 0 ? 'BREACHED' : 'MET', offendingIds: [...offendingIds].sort() };
}

/** The days of `month` up to `today`. */
export function daysToReport(month: string, today: string): string[] {
  const days: string[] = [];
  for (let day = `${month}-01`; day <= monthEnd(month) && day <= today; day = addDays(day, 1)) days.push(day);
  return days;
}

export function complianceReport(evidence: ComplianceEvidence): ComplianceRule[] {
  const { month, loans, policy } = evidence;
  const lentInMonth = loans.filter((loan) => inMonth(loan.disbursedAt, month));

  const days = daysToReport(month, evidence.today);
  const reports = new Map(evidence.reconciliations.map((report) => [report.businessDate, report.status]));
  const unbalanced = days.filter((day) => reports.get(day) !== 'BALANCED');
  const noFundPool = rule(
    {
      id: 'NO_FUND_POOL',
      title: 'No fund pool: every movement is in the custodian bank, the ledger equals its statement',
      source: `${measures} art. 10 (2), art. 28`,
      enforcedIn: ['functions/application/custody.ts', 'functions/core/reconciliation.ts', 'functions/schedules/daily-reconciliation.ts'],
      testedIn: ['test/unit/core/reconciliation.test.ts', 'test/integration/compliance.test.ts'],
      evidence: `ledger equal to the bank's statement on ${days.length - unbalanced.length} of ${days.length} days`,
    },
    days.length > 0,
    unbalanced,
  );

  const owed = new Map<string, { kind: BorrowerKind; fen: number }>();
  for (const loan of loans) {
    if (!countsAgainstCaps(loan.status)) continue;
    const current = owed.get(loan.borrowerId) ?? { kind: loan.kind ?? 'personal', fen: 0 };
    owed.set(loan.borrowerId, { kind: current.kind, fen: current.fen + loan.amountFen });
  }
  const capRules = (['personal', 'enterprise'] as const).map((kind) => {
    const borrowers = [...owed].filter(([, debt]) => debt.kind === kind);
    const largest = Math.max(0, ...borrowers.map(([, debt]) => debt.fen));
    const cap = borrowingCaps[kind].platformFen;
    return rule(
      {
        id: kind === 'personal' ? 'BORROWING_CAP_PERSONAL' : 'BORROWING_CAP_ENTERPRISE',
        title: `What one ${kind === 'personal' ? 'natural' : 'legal'} person owes on the platform stays within the cap`,
        source: `${measures} art. 17`,
        enforcedIn: ['functions/core/loan-application.ts', 'functions/adapters/dynamodb/loan-application-repository.ts'],
        testedIn: ['test/integration/money-limits.test.ts', 'test/integration/loan-applications.test.ts'],
        evidence: `largest outstanding of a ${kind === 'personal' ? 'natural' : 'legal'} person ${yuan(largest)} (cap ${yuan(cap)})`,
      },
      borrowers.length > 0,
      borrowers.filter(([, debt]) => debt.fen > cap).map(([borrowerId]) => borrowerId),
    );
  });

  const cap = legalRateCap(policy.loanPrimeRate, policy.lprMultiple);
  const rated = lentInMonth.filter((loan) => loan.annualRate !== undefined);
  const totalRate = (loan: ComplianceLoan): Ratio => {
    const contractRate = parseRate(loan.annualRate!);
    return plus(contractRate, effectivePenaltyRate({ contractRate, penaltyRate: policy.penaltyRate, legalCap: cap }));
  };
  const highest = rated.map(totalRate).reduce<Ratio | undefined>((top, rate) => (top === undefined || compareRatios(rate, top) > 0 ? rate : top), undefined);
  const rateCap = rule(
    {
      id: 'RATE_CAP',
      title: 'Contract rate plus penalty within four times the one-year LPR',
      source: '最高人民法院关于审理民间借贷案件适用法律若干问题的规定 (2020) art. 25; 网络借贷信息中介机构业务活动管理暂行办法 art. 10',
      enforcedIn: ['functions/core/loan-application.ts', 'functions/core/penalty.ts'],
      testedIn: ['test/unit/core/penalty.test.ts', 'test/integration/loan-applications.test.ts'],
      evidence: `highest contract rate plus penalty ${highest === undefined ? 'none' : formatRate(highest)} (cap ${formatRate(cap)})`,
    },
    rated.length > 0,
    rated.filter((loan) => compareRatios(totalRate(loan), cap) > 0).map((loan) => loan.loanId),
  );

  const mostInvestors = Math.max(0, ...lentInMonth.map((loan) => loan.investorCount ?? 0));
  const investorsPerLoan = rule(
    {
      id: 'INVESTORS_PER_LOAN',
      title: 'At most 199 investors on one loan',
      source: '证券法 art. 9 (no public offering to more than 200); the custodian bank instruction pays at most 199',
      enforcedIn: ['functions/core/disbursement.ts', 'functions/adapters/dynamodb/listing-repository.ts'],
      testedIn: ['test/integration/listings-and-bidding.test.ts'],
      evidence: `most investors on one loan ${mostInvestors} (cap ${maxInvestorsPerLoan})`,
    },
    lentInMonth.length > 0,
    lentInMonth.filter((loan) => (loan.investorCount ?? 0) > maxInvestorsPerLoan).map((loan) => loan.loanId),
  );

  const applied = loans.filter((loan) => inMonth(loan.createdAt, month) && loan.purposeCategory !== undefined);
  const prohibited = applied.filter((loan) => isProhibitedPurpose(loan.purposeCategory!) && loan.status !== 'REJECTED');
  const purposes = rule(
    {
      id: 'PROHIBITED_PURPOSE',
      title: 'No loan for securities, futures or derivatives, equity crowdfunding, relending or a home down payment',
      source: `${measures} art. 10 (11), (12), art. 11; P2P网络借贷风险专项整治工作实施方案 (2016)`,
      enforcedIn: ['functions/core/loan-purpose.ts', 'functions/core/loan-application.ts'],
      testedIn: ['test/unit/core/loan-purpose.test.ts', 'test/integration/loan-applications.test.ts'],
      evidence: `loans with a prohibited purpose ${prohibited.length} of ${applied.length} applied for`,
    },
    applied.length > 0,
    prohibited.map((loan) => loan.loanId),
  );

  const profileOf = (loan: ComplianceLoan) => evidence.borrowers.get(loan.borrowerId);
  const selfFinanced = lentInMonth.filter((loan) => profileOf(loan)?.relatedParty === true || profileOf(loan)?.staff === true);
  const selfFinancing = rule(
    {
      id: 'SELF_FINANCING',
      title: 'The platform and its related parties do not borrow on it (自融)',
      source: `${measures} art. 10 (1)`,
      enforcedIn: ['functions/core/loan-application.ts', 'functions/application/related-parties.ts'],
      testedIn: ['test/unit/core/loan-purpose.test.ts', 'test/integration/loan-applications.test.ts'],
      evidence: `loans lent to related parties or the platform's own accounts ${selfFinanced.length} of ${lentInMonth.length}`,
    },
    lentInMonth.length > 0,
    selfFinanced.map((loan) => loan.loanId),
  );

  const personal = lentInMonth.filter((loan) => (loan.kind ?? 'personal') === 'personal');
  const minors = personal.filter((loan) => {
    const birthDate = profileOf(loan)?.birthDate;
    return birthDate === undefined || !isAdultOn(birthDate, shanghaiDate(loan.createdAt));
  });
  const adultBorrowers = rule(
    {
      id: 'ADULT_BORROWERS',
      title: 'A natural person borrows only from 18, by the verified ID number',
      source: '民法典 art. 17-18; 网络借贷信息中介机构业务活动管理暂行办法 art. 9 (1)',
      enforcedIn: ['functions/core/resident-id-number.ts', 'functions/core/loan-application.ts'],
      testedIn: ['test/unit/core/loan-purpose.test.ts', 'test/integration/loan-applications.test.ts'],
      evidence: `loans lent to a person under 18 when applying, or of unknown age: ${minors.length} of ${personal.length}`,
    },
    personal.length > 0,
    minors.map((loan) => loan.loanId),
  );

  const contacts = evidence.collectionContacts.filter((contact) => inMonth(contact.at, month));
  const outside = contacts.filter((contact) => {
    const hour = shanghai(contact.at).getUTCHours();
    return hour < contactHours.from || hour >= contactHours.until;
  });
  const collectionHours = rule(
    {
      id: 'COLLECTION_HOURS',
      title: 'Collection contacts only between 08:00 and 21:00',
      source: '互联网金融逾期债务催收自律公约 (试行) (2018) art. 15',
      enforcedIn: ['functions/core/overdue.ts', 'functions/application/collection-reminders.ts'],
      testedIn: ['test/unit/core/overdue.test.ts', 'test/integration/overdue-sweep.test.ts'],
      evidence: `collection contacts outside 08:00–21:00: ${outside.length} of ${contacts.length}`,
    },
    contacts.length > 0,
    outside.map((contact) => contact.id),
  );

  return [noFundPool, ...capRules, rateCap, investorsPerLoan, purposes, selfFinancing, adultBorrowers, collectionHours];
}
