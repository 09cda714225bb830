/**
 * Issue #7's "Done when", end to end on the twin: after a servicing scenario across
 * month ends (three loans funded by several investors; one repaid on time month by
 * month by auto-debit, one repaid early, one left unpaid until it is 31+ days overdue),
 * - GET /v1/stats, whole and filtered, equals a recomputation from the ledger and the
 *   table, to the fen;
 * - the monthly job run on the 1st wrote the closed month's export: CSV, JSON, HTML and
 *   a manifest, fetched as an auditor, every file's SHA-256 as the manifest says, and the
 *   JSON's month rows equal a recomputation from the table as of each month end;
 * - the HTML renders in headless Chromium without console errors, with its SVG charts,
 *   to a screenshot;
 * - an audit event edited in the table is reported at its sequence by GET /v1/audit and
 *   `npm run audit:verify`; a deleted one as a gap.
 * Actions go through HTTP and the twin's controls only; the table is read for checks.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, businessDate, platformTimeZone } from '../../functions/core/calendar';
import { monthEnd, nextMonth } from '../../functions/core/disclosure-figures';
import { expectLedgerBalanced, settled, signedIn, tokenFor, type Customer } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { expectStatsEqualRecomputation, scanTable } from '../support/platform-figures';
import { chromiumAvailable, expectReportRendered } from '../support/report-render';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, topUp, twinNow, withSchedulesDisabled, type RepayingLoan } from '../support/servicing';
import { eventually, json, projectRoot } from '../support/twin-process';

const clients = twinWithClientsForThisFile();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const yuan = (amountFen: number) => `${amountFen < 0 ? '-' : ''}${Math.trunc(Math.abs(amountFen) / 100)}.${String(Math.abs(amountFen) % 100).padStart(2, '0')}`;
const shanghai = (iso: string) => businessDate(new Date(iso), platformTimeZone);
/** Noon in Shanghai on a business date, as the twin's clock takes it. */
const middayOf = (date: string) => `${date}T04:00:00.000Z`;

type Item = Record<string, any>;

/** What the scenario leaves for the checks. */
const scenario = {
  onTime: undefined as RepayingLoan | undefined,
  early: undefined as RepayingLoan | undefined,
  unpaid: undefined as RepayingLoan | undefined,
  /** The month whose export the 1st's run wrote (the unpaid loan is 31+ days overdue at its end). */
  month: '',
  lentOn: '',
  today: '',
};

/** Sets the twin's clock to `iso` unless it is already there or later (the clock never moves back). */
async function moveTo(iso: string): Promise<void> {
  if ((await twinNow(clients.twin)).getTime() < Date.parse(iso)) await advanceClock(clients.twin, { set: iso });
}

const installmentSettled = (loanId: string, number: number) =>
  eventually(
    async () => ((await installmentItems(clients.twin, clients.documents, loanId)).find((item) => item.number === number)?.status === 'SETTLED' ? true : undefined),
    `installment ${number} of ${loanId} to settle`,
    60_000,
  );

/** Deposits enough for the whole schedule on top of what the borrower holds (whole yuan: .13/.17 are the bank's test amounts). */
async function fundBorrower(loan: RepayingLoan): Promise<void> {
  const total = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  await topUp(loan.borrower, `${Math.trunc(total / 100) + 100}.00`);
}

/**
 * Settles the loan early through the route on the twin's today; when the bank declines the
 * transfer (legs totalling .15 are its test amount), a day later with a new key.
 */
async function settleEarly(loan: RepayingLoan): Promise<void> {
  const { twin, documents } = clients;
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const borrower = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
    const posted = await borrower.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'EARLY_SETTLEMENT' }, `early-${attempt}-${loan.loanId.slice(5, 30)}`);
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ kind: 'EARLY_SETTLEMENT', settlesLoan: true });
    const outcome = await eventually(async () => {
      const item = (await borrower.get(`/v1/loans/${loan.loanId}/repayments`)).body.items.find((candidate: Item) => candidate.repaymentId === posted.body.repaymentId);
      return item && item.status !== 'PENDING' ? (item.status as string) : undefined;
    }, 'the early settlement to leave PENDING', 60_000);
    if (outcome === 'CONFIRMED') {
      await eventually(async () => ((await loanItem(twin, documents, loan.loanId)).status === 'SETTLED' ? true : undefined), `${loan.loanId} to settle`, 60_000);
      return;
    }
    await advanceClock(twin, 'P1D');
  }
  throw new Error(`${loan.loanId} could not be settled early`);
}

test('the servicing scenario: three loans, repaid on time, repaid early, and one left 31+ days overdue, across month ends to the 1st', async () => {
  const { twin, documents, sfn } = clients;
  // Different grades and terms, so that filters cut the book; uneven stakes; amounts whose repayments the bank accepts.
  const onTime = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 6, grade: 'B', chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 6, minAmountFen: 300_000 }) });
  const early = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, grade: 'C', chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 3, minAmountFen: 200_000 }) });
  const unpaid = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 6, grade: 'B', amountFen: 400_000 });
  Object.assign(scenario, { onTime, early, unpaid, lentOn: shanghai(unpaid.loan.disbursedAt ?? unpaid.loan.updatedAt) });
  await fundBorrower(onTime);
  await fundBorrower(early);
  // The unpaid loan's borrower takes everything out: nothing to auto-debit on its due dates.
  const late = unpaid.borrower;
  const available = (await late.get('/v1/me/account')).body.available as string;
  const withdrawal = await late.post('/v1/me/withdrawals', { amount: available });
  expect(withdrawal.status).toBe(202);
  expect((await settled(late, 'withdrawals', withdrawal.body.id)).status).toBe('CONFIRMED');

  // The month the unpaid loan turns 31 days overdue; its export is run on the next 1st.
  const firstDue: string = unpaid.installments[0]!.dueDate;
  scenario.month = addDays(firstDue, 31).slice(0, 7);
  const first = `${nextMonth(scenario.month)}-01`;

  // On-time installments due before then, in date order; the early loan's first installment, then its early settlement a week later.
  const earlyFirst = early.installments[0]!;
  const steps = [
    ...onTime.installments.filter((item) => item.dueDate < first).map((item) => ({ date: item.dueDate as string, loan: onTime, number: item.number as number })),
    { date: earlyFirst.dueDate as string, loan: early, number: 1 },
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  expect(steps.length).toBeGreaterThanOrEqual(3);
  // Of the daily jobs the walk runs those the scenario examines: the overdue sweep, the audit chain's verification, the export.
  await withSchedulesDisabled(twin, everyScheduleBut('overdue-sweep', 'audit-verification', 'monthly-disclosure'), async () => {
    let settledEarly = false;
    for (const step of steps) {
      if (!settledEarly && step.date > addDays(earlyFirst.dueDate, 7)) {
        await moveTo(middayOf(addDays(earlyFirst.dueDate, 7)));
        await settleEarly(early);
        settledEarly = true;
      }
      await moveTo(middayOf(step.date));
      await installmentSettled(step.loan.loanId, step.number);
    }
    if (!settledEarly) {
      await moveTo(middayOf(addDays(earlyFirst.dueDate, 7)));
      await settleEarly(early);
    }

    // The 1st, after the overdue sweep (01:00) and before the scheduled export (03:00): the job is run by hand.
    await moveTo(new Date(`${first}T01:30:00+08:00`).toISOString());
  });
  scenario.today = businessDate(await twinNow(twin), platformTimeZone);
  expect(scenario.today).toBe(first);
  await json(`${twin.apiUrl}/_twin/schedules/overdue-sweep/run`, { method: 'POST' });
  const overdueLoan = await eventually(async () => {
    const item = await loanItem(twin, documents, unpaid.loanId);
    return (item.overdueDays ?? 0) >= 31 ? item : undefined;
  }, 'the unpaid loan to be 31+ days overdue', 60_000);
  expect(overdueLoan.status).toBe('REPAYING');
  expect((await loanItem(twin, documents, onTime.loanId)).status).toBe('REPAYING');
  expect((await loanItem(twin, documents, early.loanId)).status).toBe('SETTLED');

  const run = await json(`${twin.apiUrl}/_twin/schedules/monthly-disclosure/run`, { method: 'POST' });
  expect(run.status).toBe(200);
  expect(run.body.error).toBeUndefined();
  expect(run.body.outcome.summary).toMatchObject({ month: scenario.month, outcome: 'created' });
  await expectLedgerBalanced(twin, documents);
}, 300_000);

test('GET /v1/stats, whole and filtered, equals a recomputation from the ledger, to the fen', async () => {
  const { twin, documents } = clients;
  const { onTime, early, unpaid, lentOn, today } = scenario;
  expect(onTime && early && unpaid).toBeTruthy();
  await expectStatsEqualRecomputation(twin, documents, [{}, { grade: 'B' }, { termMonths: 3 }, { from: `${lentOn.slice(0, 7)}-01`, to: today }, { grade: 'B', from: addDays(lentOn, 1), to: today }]);

  // The scenario did what it says: three lent, two still owing (one of them overdue), seven investors.
  const { body } = await json(`${twin.apiUrl}/v1/stats`);
  expect(body.lent).toEqual({ amount: yuan(onTime!.amountFen + early!.amountFen + unpaid!.amountFen), count: 3 });
  expect(body.outstanding.count).toBe(2);
  expect(body.overdue.count).toBe(1);
  expect(body.overdue.amount).not.toBe('0.00');
  expect(body.overdue.over90.count).toBe(0);
  expect(body.investors.cumulative).toBe(7);
  expect(body.borrowers).toEqual({ cumulative: 3, current: 2 });
}, 180_000);

const bucketOf = (days: number) => (days <= 30 ? '1-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+');
const buckets = ['1-30', '31-60', '61-90', '90+'] as const;
const daysFrom = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
/** part / whole as a percentage, half-up to 0.01 ("0.00" for no whole). */
function percent(part: number, whole: number): string {
  if (whole === 0) return '0.00';
  const basisPoints = (2n * BigInt(part) * 10_000n + BigInt(whole)) / (2n * BigInt(whole));
  return `${basisPoints / 100n}.${String(basisPoints % 100n).padStart(2, '0')}`;
}

/**
 * A month's row recomputed from the table as it stood at the month end: lent from the
 * ledger's disbursement entries (their date in Shanghai); outstanding: the principal of
 * installments not settled by the month end; overdue: those of them due before it, by
 * their days overdue then.
 */
function monthRowFromTable(items: readonly Item[], month: string): Item {
  const end = monthEnd(month);
  const disbursed = new Map<string, { on: string; amountFen: number }>();
  for (const entry of items.filter((item) => String(item.pk).startsWith('ENTRY#') && item.kind === 'disbursement')) {
    const loanId = String(entry.entryId).slice('disburse:'.length);
    const amountFen = (entry.transfers as Item[]).filter((transfer) => transfer.debit === `loan:${loanId}:subscription`).reduce((sum, transfer) => sum + transfer.amountFen, 0);
    disbursed.set(loanId, { on: shanghai(entry.recordedAt), amountFen });
  }
  const row = { lentFen: 0, lentCount: 0, cumulativeFen: 0, cumulativeCount: 0, outstandingFen: 0, outstandingLoans: 0, overdueLoans: 0, overdueFen: { '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 } as Record<string, number> };
  for (const [loanId, { on, amountFen }] of disbursed) {
    if (on > end) continue;
    row.cumulativeFen += amountFen;
    row.cumulativeCount += 1;
    if (on.slice(0, 7) === month) {
      row.lentFen += amountFen;
      row.lentCount += 1;
    }
    const open = items.filter((item) => item.pk === `LOAN#${loanId}` && String(item.sk).startsWith('INSTALLMENT#') && (item.settledAt === undefined || shanghai(item.settledAt) > end));
    if (open.length > 0) row.outstandingLoans += 1;
    if (open.some((item) => item.dueDate < end)) row.overdueLoans += 1;
    for (const installment of open) {
      row.outstandingFen += installment.principalFen;
      if (installment.dueDate < end) row.overdueFen[bucketOf(daysFrom(installment.dueDate, end))] += installment.principalFen;
    }
  }
  return {
    month,
    lent: yuan(row.lentFen),
    lentCount: row.lentCount,
    cumulativeLent: yuan(row.cumulativeFen),
    cumulativeLentCount: row.cumulativeCount,
    outstandingPrincipal: yuan(row.outstandingFen),
    outstandingLoanCount: row.outstandingLoans,
    overdueLoanCount: row.overdueLoans,
    overdue: Object.fromEntries(buckets.map((bucket) => [bucket, { principal: yuan(row.overdueFen[bucket]!), ratePct: percent(row.overdueFen[bucket]!, row.outstandingFen) }])),
  };
}

let reportFile = '';

test("the 1st's run wrote the closed month's export: CSV, JSON, HTML and a manifest that matches them; the JSON's month rows equal the table as of each month end", async () => {
  const { twin, documents } = clients;
  const { month } = scenario;
  const auditor = { authorization: `Bearer ${await tokenFor(twin, 'scenario-auditor', ['auditor'])}` };
  const fetchFile = async (url: string) => {
    const response = await fetch(`${twin.apiUrl}${url}`, { headers: auditor });
    expect({ url, status: response.status }).toEqual({ url, status: 200 });
    return new Uint8Array(await response.arrayBuffer());
  };
  const listed = await json(`${twin.apiUrl}/v1/disclosures`, { headers: auditor });
  expect(listed.status).toBe(200);
  expect(listed.body.disclosures.map((entry: { month: string }) => entry.month)).toContain(month);
  const detail = await json(`${twin.apiUrl}/v1/disclosures/${month}`, { headers: auditor });
  expect(detail.status).toBe(200);
  expect(detail.body.intact).toBe(true);

  const manifest = JSON.parse(new TextDecoder().decode(await fetchFile(`/v1/disclosures/${month}/files/manifest.json`)));
  expect(manifest).toMatchObject({ month });
  expect(manifest.files.map((file: { name: string }) => file.name).sort()).toEqual(['compliance.json', 'figures.csv', 'figures.json', 'report.html']);
  const files = new Map<string, Uint8Array>();
  for (const entry of manifest.files as Array<{ name: string; sha256: string; bytes: number }>) {
    const listedFile = detail.body.files.find((file: { name: string }) => file.name === entry.name);
    const bytes = await fetchFile(listedFile?.url ?? `/v1/disclosures/${month}/files/${entry.name}`);
    expect({ name: entry.name, sha256: sha256(bytes), bytes: bytes.byteLength }).toEqual({ name: entry.name, sha256: entry.sha256, bytes: entry.bytes });
    files.set(entry.name, bytes);
  }
  const text = (name: string) => new TextDecoder().decode(files.get(name));
  expect(text('figures.csv')).toContain(month);
  expect(text('report.html')).toMatch(/^<!DOCTYPE html>/i);
  // The export's compliance page is the self-check the regulator's route answers for the month.
  const selfCheck = await json(`${twin.apiUrl}/v1/compliance?month=${month}`, { headers: auditor });
  const { asOf: _pageAsOf, ...page } = JSON.parse(text('compliance.json'));
  const { asOf: _routeAsOf, ...route } = selfCheck.body;
  expect(page).toEqual(route);

  // The month rows (every month since the first disbursement) against the table as of each month end.
  const figures = JSON.parse(text('figures.json'));
  expect(figures.month).toBe(month);
  const items = await scanTable(documents, twin.tableName);
  const months: string[] = [];
  for (let each = scenario.lentOn.slice(0, 7); each <= month; each = nextMonth(each)) months.push(each);
  expect(figures.monthly.map((row: Item) => row.month)).toEqual(months);
  for (const row of figures.monthly as Item[]) expect(row).toEqual(monthRowFromTable(items, row.month));
  // The scenario shows in the closed month: three lent, and the unpaid loan overdue 31+ days at its end.
  const last = (figures.monthly as Item[]).at(-1)!;
  expect(last.cumulativeLentCount).toBe(3);
  expect(last.overdueLoanCount).toBe(1);
  expect(['31-60', '61-90'].some((bucket) => last.overdue[bucket].principal !== '0.00')).toBe(true);

  // For the render below: the report as served.
  reportFile = join(mkdtempSync(join(tmpdir(), 'disclosure-scenario-')), 'report.html');
  writeFileSync(reportFile, files.get('report.html')!);
}, 120_000);

describe('the served report in headless Chromium', () => {
  const maybe = chromiumAvailable() ? it : it.skip;
  maybe('renders without console errors, with its SVG charts, to a screenshot', () => {
    expect(reportFile).not.toBe('');
    const screenshot = expectReportRendered(reportFile);
    expect(screenshot.endsWith('.png')).toBe(true);
  }, 180_000);
});

const exec = promisify(execFile);
async function auditVerify(): Promise<{ code: number; report: Item; stderr: string }> {
  const { twin } = clients;
  const env = { ...process.env, AUDIT_DYNAMODB_ENDPOINT: twin.dynamoDbUrl, AUDIT_TABLE_NAME: twin.tableName };
  try {
    const { stdout, stderr } = await exec('npm', ['run', '--silent', 'audit:verify'], { cwd: projectRoot, env });
    return { code: 0, report: JSON.parse(stdout), stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, report: failed.stdout ? JSON.parse(failed.stdout) : {}, stderr: failed.stderr ?? '' };
  }
}

/** GET /v1/audit's verification of the page holding `sequence` (pages of 1000, in chain order). */
async function auditPageVerification(auditor: Customer, sequence: number): Promise<Item> {
  let cursor: string | undefined;
  for (;;) {
    const page = await auditor.get(`/v1/audit?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    const sequences = (page.body.items as Item[]).map((event) => event.sequence as number);
    // A deleted event leaves its page around the gap: the page holding the next one.
    if (sequences.some((candidate) => candidate >= sequence) || !page.body.nextCursor) return page.body.verification;
    cursor = page.body.nextCursor;
  }
}

test('an audit event edited in the table is reported at its sequence by GET /v1/audit and npm run audit:verify; a deleted one as a gap', async () => {
  const { twin, documents } = clients;
  const { unpaid } = scenario;
  // Let the stream's consumers catch up (the twin drains them when its clock moves), well before the 03:00 export.
  await advanceClock(twin, 'PT1S');
  expect((await auditVerify()).code).toBe(0);
  const { Items = [] } = await documents.send(new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'AUDIT#CHAIN' }, ConsistentRead: true }));
  // The scenario is in the chain: each disbursement's journal entry, the early settlement, the unpaid installment falling overdue.
  const changed = (pk: string, sk: RegExp, status?: string) => Items.some((item) => item.entity?.pk === pk && sk.test(item.entity?.sk) && (status === undefined || item.after?.fields?.status === status));
  for (const loan of [scenario.onTime!, scenario.early!, unpaid!]) expect({ loan: loan.loanId, disbursed: changed(`ENTRY#disburse:${loan.loanId}`, /^ENTRY$/) }).toEqual({ loan: loan.loanId, disbursed: true });
  expect(changed(`LOAN#${scenario.early!.loanId}`, /^LOAN$/, 'SETTLED')).toBe(true);
  expect(changed(`LOAN#${unpaid!.loanId}`, /^INSTALLMENT#/, 'OVERDUE')).toBe(true);
  // The event of the unpaid loan turning REPAYING: someone rewrites history to say it settled.
  const target = Items.find((item) => item.entity?.pk === `LOAN#${unpaid!.loanId}` && item.entity?.sk === 'LOAN' && item.after?.fields?.status === 'REPAYING');
  expect(target).toBeDefined();
  const auditor = await signedIn(twin, 'scenario-audit-reader', ['auditor']);
  try {
    await documents.send(new PutCommand({ TableName: twin.tableName, Item: { ...target, after: { ...target!.after, fields: { ...target!.after.fields, status: 'SETTLED' } } } }));
    const edited = await auditVerify();
    expect(edited.code).toBe(1);
    expect(edited.report).toMatchObject({ valid: false, firstBreak: { sequence: target!.sequence, reason: 'hash-mismatch' } });
    expect(edited.stderr).toContain(`BROKEN at event ${target!.sequence}`);
    expect(await auditPageVerification(auditor, target!.sequence)).toMatchObject({ valid: false, firstBreak: { sequence: target!.sequence, reason: 'hash-mismatch' } });

    await documents.send(new DeleteCommand({ TableName: twin.tableName, Key: { pk: target!.pk, sk: target!.sk } }));
    const deleted = await auditVerify();
    expect(deleted.code).toBe(1);
    expect(deleted.report).toMatchObject({ valid: false, firstBreak: { sequence: target!.sequence + 1, reason: 'gap' } });
    expect(await auditPageVerification(auditor, target!.sequence)).toMatchObject({ valid: false, firstBreak: { sequence: target!.sequence + 1, reason: 'gap' } });
  } finally {
    await documents.send(new PutCommand({ TableName: twin.tableName, Item: target! }));
  }
  // Restored as it was: the chain verifies again.
  expect((await auditVerify()).code).toBe(0);
}, 180_000);
