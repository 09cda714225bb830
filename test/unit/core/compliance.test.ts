/** The compliance self-check's rules over one month's records: met, breached with the offending ids, not applicable. */
import { existsSync } from 'node:fs';
import { complianceReport, daysToReport, type ComplianceEvidence } from '../../../functions/core/compliance';
import { parseRate } from '../../../functions/core/rate';

const month = '2027-03';
const balancedMonth = daysToReport(month, '2027-04-02').map((businessDate) => ({ businessDate, status: 'BALANCED' as const }));
const clean: ComplianceEvidence = {
  month,
  today: '2027-04-02',
  reconciliations: balancedMonth,
  loans: [
    { loanId: 'L1', borrowerId: 'b1', kind: 'personal', status: 'REPAYING', amountFen: 5_000_000, annualRate: '0.10', investorCount: 3, purposeCategory: 'CONSUMPTION', createdAt: '2027-03-02T02:00:00Z', disbursedAt: '2027-03-10T02:00:00Z' },
    { loanId: 'L2', borrowerId: 'b1', kind: 'personal', status: 'REPAYING', amountFen: 15_000_000, annualRate: '0.12', investorCount: 199, purposeCategory: 'EDUCATION', createdAt: '2027-02-02T02:00:00Z', disbursedAt: '2027-03-01T02:00:00Z' },
    { loanId: 'L3', borrowerId: 'b2', kind: 'personal', status: 'SETTLED', amountFen: 19_000_000, createdAt: '2026-01-02T02:00:00Z', disbursedAt: '2026-01-10T02:00:00Z' },
  ],
  borrowers: new Map([['b1', { relatedParty: false, staff: false, birthDate: '1990-01-01' }], ['b2', { relatedParty: false, staff: false, birthDate: '1985-05-05' }]]),
  collectionContacts: [{ id: 'c1', at: '2027-03-05T00:00:00Z' /* 08:00 Shanghai */ }, { id: 'c2', at: '2027-03-05T12:59:00Z' /* 20:59 */ }],
  policy: { loanPrimeRate: parseRate('0.0345'), lprMultiple: 4, penaltyRate: parseRate('0.06') },
};
const byId = (evidence: ComplianceEvidence) => new Map(complianceReport(evidence).map((rule) => [rule.id, rule]));

test('a clean month meets every rule, each with its evidence figure', () => {
  const rules = byId(clean);
  expect([...rules.values()].map((rule) => [rule.id, rule.status])).toEqual([
    ['NO_FUND_POOL', 'MET'],
    ['BORROWING_CAP_PERSONAL', 'MET'],
    ['BORROWING_CAP_ENTERPRISE', 'NOT_APPLICABLE'],
    ['RATE_CAP', 'MET'],
    ['INVESTORS_PER_LOAN', 'MET'],
    ['PROHIBITED_PURPOSE', 'MET'],
    ['SELF_FINANCING', 'MET'],
    ['ADULT_BORROWERS', 'MET'],
    ['COLLECTION_HOURS', 'MET'],
  ]);
  expect(rules.get('NO_FUND_POOL')!.evidence).toBe("ledger equal to the bank's statement on 31 of 31 days");
  expect(rules.get('BORROWING_CAP_PERSONAL')!.evidence).toBe('largest outstanding of a natural person ¥200000.00 (cap ¥200000.00)');
  expect(rules.get('RATE_CAP')!.evidence).toBe('highest contract rate plus penalty 0.138 (cap 0.138)');
  expect(rules.get('INVESTORS_PER_LOAN')!.evidence).toBe('most investors on one loan 199 (cap 199)');
  expect(rules.get('COLLECTION_HOURS')!.evidence).toBe('collection contacts outside 08:00–21:00: 0 of 2');
});

test('each broken rule is BREACHED with the ids that break it', () => {
  const broken = byId({
    ...clean,
    reconciliations: balancedMonth.map((report) => (report.businessDate === '2027-03-17' ? { ...report, status: 'DIFFERENCES' as const } : report)).filter((report) => report.businessDate !== '2027-03-30'),
    loans: [
      ...clean.loans,
      { loanId: 'L4', borrowerId: 'b1', kind: 'personal', status: 'DISBURSED', amountFen: 1, annualRate: '0.2', investorCount: 200, purposeCategory: 'SECURITIES', createdAt: '2027-03-03T02:00:00Z', disbursedAt: '2027-03-04T02:00:00Z' },
    ],
    borrowers: new Map([['b1', { relatedParty: true, staff: false, birthDate: '2009-03-03' /* 18 on 2027-03-03: L1 and L2 applied before, L4 on the day */ }]]),
    collectionContacts: [...clean.collectionContacts, { id: 'c3', at: '2027-03-05T13:00:00Z' /* 21:00 */ }],
  });
  expect(broken.get('NO_FUND_POOL')).toMatchObject({ status: 'BREACHED', offendingIds: ['2027-03-17', '2027-03-30'], evidence: "ledger equal to the bank's statement on 29 of 31 days" });
  expect(broken.get('BORROWING_CAP_PERSONAL')).toMatchObject({ status: 'BREACHED', offendingIds: ['b1'] });
  expect(broken.get('RATE_CAP')).toMatchObject({ status: 'BREACHED', offendingIds: ['L4'] });
  expect(broken.get('INVESTORS_PER_LOAN')).toMatchObject({ status: 'BREACHED', offendingIds: ['L4'] });
  expect(broken.get('PROHIBITED_PURPOSE')).toMatchObject({ status: 'BREACHED', offendingIds: ['L4'] });
  expect(broken.get('SELF_FINANCING')).toMatchObject({ status: 'BREACHED', offendingIds: ['L1', 'L2', 'L4'] });
  expect(broken.get('ADULT_BORROWERS')).toMatchObject({ status: 'BREACHED', offendingIds: ['L1', 'L2'] });
  expect(broken.get('COLLECTION_HOURS')).toMatchObject({ status: 'BREACHED', offendingIds: ['c3'] });
});

test('the current month counts its days up to today; a month with nothing in it is not applicable', () => {
  expect(daysToReport('2027-03', '2027-03-05')).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05']);
  const empty = byId({ ...clean, month: '2027-05', today: '2027-04-30', reconciliations: [], loans: [], collectionContacts: [] });
  expect([...empty.values()].every((rule) => rule.status === 'NOT_APPLICABLE')).toBe(true);
});

test('every file a rule names as enforcing or testing it exists', () => {
  for (const rule of complianceReport(clean)) for (const path of [...rule.enforcedIn, ...rule.testedIn]) expect([rule.id, path, existsSync(path)]).toEqual([rule.id, path, true]);
});
