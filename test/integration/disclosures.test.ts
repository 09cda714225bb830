/**
 * Disclosure exports on the twin: the monthly job writes the closed month's export to
 * the object store with a valid manifest; a re-run writes nothing; the routes serve it
 * (auditor, admin; not an investor); an admin generates a month on demand (422 for a
 * month not closed); a tampered file is detected against the manifest and a re-run is
 * refused; the HTML report renders in headless Chromium with its charts.
 */
import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, businessDate, platformTimeZone } from '../../functions/core/calendar';
import { nextMonth, previousMonth } from '../../functions/core/disclosure-figures';
import { tokenFor } from '../support/custody';
import { twinWithClientsForThisFile } from '../support/listings';
import { chromiumAvailable, expectReportRendered } from '../support/report-render';
import { advanceClock, twinNow } from '../support/servicing';
import { json } from '../support/twin-process';

jest.setTimeout(180_000);

const clients = twinWithClientsForThisFile();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const dataFiles = ['figures.csv', 'figures.json', 'report.html', 'compliance.json'];

let month = '';
let exportDir = '';
let auditor = '';
let admin = '';
let investorToken = '';

/**
 * A synthetic repaying loan (shaped as origination stores it) with equal-principal monthly
 * installments, written as the platform would have over time (for the platform-figures
 * consumer's counters, which date each change): the installments stored DUE at
 * disbursement, an unpaid one marked OVERDUE the day after its due date (the sweep) when
 * that day is before `through`, a paid one SETTLED on its day.
 */
async function seedLoan(loanId: string, amountFen: number, disbursedOn: string, terms: number, settledOn: (index: number, dueDate: string) => string | undefined, through: string): Promise<void> {
  const { documents, twin } = clients;
  const disbursedAt = `${disbursedOn}T02:00:00.000Z`;
  await documents.send(
    new PutCommand({
      TableName: twin.tableName,
      Item: { pk: `LOAN#${loanId}`, sk: 'LOAN', loanId, borrowerId: `borrower-${loanId}`, amountFen, termMonths: terms, status: 'REPAYING', createdAt: disbursedAt, updatedAt: disbursedAt, disbursedAt, repayingSince: disbursedAt, annualRate: '0.1', method: 'EQUAL_PRINCIPAL', grade: 'B' },
    }),
  );
  const share = Math.floor(amountFen / terms);
  for (let index = 0; index < terms; index += 1) {
    const dueDate = addDays(disbursedOn, 30 * (index + 1));
    const principalFen = index === terms - 1 ? amountFen - share * (terms - 1) : share;
    const settled = settledOn(index, dueDate);
    await documents.send(
      new PutCommand({
        TableName: twin.tableName,
        Item: {
          pk: `LOAN#${loanId}`,
          sk: `INSTALLMENT#${String(index + 1).padStart(3, '0')}`,
          loanId,
          number: index + 1,
          dueDate,
          principalFen,
          interestFen: 0,
          totalFen: principalFen,
          remainingPrincipalFen: amountFen - share * (index + 1),
          status: 'DUE',
          createdAt: disbursedAt,
        },
      }),
    );
    const key = { pk: `LOAN#${loanId}`, sk: `INSTALLMENT#${String(index + 1).padStart(3, '0')}` };
    const overdueOn = addDays(dueDate, 1);
    if ((settled === undefined || settled >= overdueOn) && overdueOn <= through) {
      await documents.send(
        new UpdateCommand({ TableName: twin.tableName, Key: key, UpdateExpression: 'SET #status = :overdue, overdueSince = :at', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':overdue': 'OVERDUE', ':at': `${addDays(overdueOn, -1)}T17:00:00.000Z` } }),
      );
    }
    if (settled) {
      await documents.send(
        new UpdateCommand({
          TableName: twin.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :settled, settledAt = :at, paidPrincipalFen = :paid',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':settled': 'SETTLED', ':at': `${settled}T02:00:00.000Z`, ':paid': principalFen },
        }),
      );
    }
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const runSchedule = () => json(`${clients.twin.apiUrl}/_twin/schedules/monthly-disclosure/run`, { method: 'POST' });
const readStored = (name: string) => new Uint8Array(readFileSync(join(exportDir, name)));

beforeAll(async () => {
  const { twin } = clients;
  const today = businessDate(await twinNow(twin), platformTimeZone);
  month = previousMonth(today);
  exportDir = join(twin.objectStoreDir, 'disclosures', month);
  const first = `${month}-01`;
  // Disbursed 50 and 25 days before the month: A's second installment is unpaid, B paid its first late.
  await seedLoan('disclosure-a', 1_200_000, addDays(first, -50), 3, (index, due) => (index === 0 ? due : undefined), today);
  await seedLoan('disclosure-b', 600_000, addDays(first, -25), 2, (index, due) => (index === 0 ? addDays(due, 5) : undefined), today);
  [auditor, admin, investorToken] = await Promise.all([tokenFor(twin, 'disclosure-auditor', ['auditor']), tokenFor(twin, 'disclosure-admin', ['admin']), tokenFor(twin, 'disclosure-investor', ['investor'])]);
  // The platform-figures consumer counts the seeded loans from the table's stream, and the
  // headline's month-end stocks are summed from its month-stamped moves: a clock move returns
  // once the stream's consumers have caught up, so a move of nothing waits for exactly that.
  await advanceClock(twin, 'PT0S');
});

describe('the monthly job', () => {
  let firstStats: Map<string, { ino: number; mtimeMs: number }>;

  it('writes the closed month export with a manifest that matches its files', async () => {
    const { status, body } = await runSchedule();
    expect(status).toBe(200);
    expect(body.error).toBeUndefined();
    expect(body.outcome.summary).toMatchObject({ month, outcome: 'created' });
    const manifest = JSON.parse(readFileSync(join(exportDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'p2p-disclosure/1', month });
    expect(manifest.files.map((file: { name: string }) => file.name)).toEqual(dataFiles);
    for (const entry of manifest.files) {
      const bytes = readStored(entry.name);
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.sha256).toBe(sha256(bytes));
    }
    const figures = JSON.parse(readFileSync(join(exportDir, 'figures.json'), 'utf8'));
    const last = figures.monthly.at(-1);
    expect(last.month).toBe(month);
    expect(last.cumulativeLent).toBe('18000.00');
    expect(last.cumulativeLentCount).toBe(2);
    // A: installments 2 and 3 unpaid (8000.00); B: installment 2 unpaid (3000.00).
    expect(last.outstandingPrincipal).toBe('11000.00');
    expect(Number(last.overdue['1-30'].principal) + Number(last.overdue['31-60'].principal)).toBeGreaterThan(0);
    expect(figures.basis.headline).toEqual({ flows: 'month-end', stocks: 'month-end' });
    // The regulator's view of the month is a page of the export: every rule with its status.
    const compliance = JSON.parse(readFileSync(join(exportDir, 'compliance.json'), 'utf8'));
    expect(compliance.month).toBe(month);
    expect(compliance.rules.map((rule: { id: string }) => rule.id)).toEqual(expect.arrayContaining(['NO_FUND_POOL', 'RATE_CAP', 'INVESTORS_PER_LOAN', 'COLLECTION_HOURS']));
    expect(compliance.rules.every((rule: { status: string }) => ['MET', 'BREACHED', 'NOT_APPLICABLE'].includes(rule.status))).toBe(true);
    firstStats = new Map(dataFiles.concat('manifest.json').map((name) => [name, statSync(join(exportDir, name))]));
  });

  it('writes nothing on a re-run: the same bytes are found', async () => {
    const before = new Map(dataFiles.concat('manifest.json').map((name) => [name, readStored(name)]));
    await advanceClock(clients.twin, 'PT1M');
    const { body } = await runSchedule();
    expect(body.error).toBeUndefined();
    expect(body.outcome.summary).toMatchObject({ month, outcome: 'existing' });
    for (const [name, bytes] of before) {
      expect(Buffer.from(readStored(name)).equals(Buffer.from(bytes))).toBe(true);
      const stat = statSync(join(exportDir, name));
      expect(stat.ino).toBe(firstStats.get(name)!.ino);
      expect(stat.mtimeMs).toBe(firstStats.get(name)!.mtimeMs);
    }
  });
});

describe('the disclosure routes', () => {
  it('list and fetch the exports for auditors and admins, not investors', async () => {
    const { apiUrl } = clients.twin;
    for (const token of [auditor, admin]) {
      const list = await json(`${apiUrl}/v1/disclosures`, { headers: bearer(token) });
      expect(list.status).toBe(200);
      expect(list.body.disclosures.map((entry: { month: string }) => entry.month)).toContain(month);
    }
    expect((await json(`${apiUrl}/v1/disclosures`, { headers: bearer(investorToken) })).status).toBe(403);
    expect((await json(`${apiUrl}/v1/disclosures/${month}`, { headers: bearer(investorToken) })).status).toBe(403);
    expect((await json(`${apiUrl}/v1/disclosures/${month}/files/report.html`, { headers: bearer(investorToken) })).status).toBe(403);

    const detail = await json(`${apiUrl}/v1/disclosures/${month}`, { headers: bearer(auditor) });
    expect(detail.status).toBe(200);
    expect(detail.body.intact).toBe(true);
    for (const file of detail.body.files) {
      const response = await fetch(`${apiUrl}${file.url}`, { headers: bearer(auditor) });
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(sha256(bytes)).toBe(file.sha256);
      expect(Buffer.from(bytes).equals(Buffer.from(readStored(file.name)))).toBe(true);
    }
    expect((await json(`${apiUrl}/v1/disclosures/1999-01`, { headers: bearer(auditor) })).status).toBe(404);
  });

  it('let an admin generate a closed month on demand, refuse a month not closed, and replay by Idempotency-Key', async () => {
    const { apiUrl } = clients.twin;
    const post = (target: string, key: string, token = admin) => json(`${apiUrl}/v1/disclosures/${target}`, { method: 'POST', headers: { ...bearer(token), 'idempotency-key': key } });
    const current = nextMonth(month);
    const open = await post(current, `open-${current}-key`);
    expect(open.status).toBe(422);
    expect((await post(month, 'auditor-tries-key', auditor)).status).toBe(403);

    const same = await post(month, `same-${month}-key`);
    expect(same.status).toBe(200);
    expect(same.body.outcome).toBe('existing');

    const earlier = addDays(`${month}-01`, -200).slice(0, 7);
    const created = await post(earlier, `earlier-${earlier}-key`);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ month: earlier, outcome: 'created' });
    const replay = await post(earlier, `earlier-${earlier}-key`);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(readFileSync(join(clients.twin.objectStoreDir, 'disclosures', earlier, 'manifest.json'), 'utf8')).toContain(`"month": "${earlier}"`);
  });

  it('report a tampered file against the manifest and refuse to regenerate over it', async () => {
    const { apiUrl } = clients.twin;
    const path = join(exportDir, 'figures.csv');
    const original = readFileSync(path);
    writeFileSync(path, original.toString('utf8').replace('monthly,', 'monthly ,'));
    try {
      const detail = await json(`${apiUrl}/v1/disclosures/${month}`, { headers: bearer(auditor) });
      expect(detail.status).toBe(200);
      expect(detail.body.intact).toBe(false);
      expect(detail.body.files.filter((file: { intact: boolean }) => !file.intact).map((file: { name: string }) => file.name)).toEqual(['figures.csv']);
      const again = await json(`${apiUrl}/v1/disclosures/${month}`, { method: 'POST', headers: { ...bearer(admin), 'idempotency-key': `tampered-${month}-key` } });
      expect(again.status).toBe(409);
      expect(readFileSync(path).equals(original)).toBe(false); // refused, not overwritten
    } finally {
      writeFileSync(path, original);
    }
    expect((await json(`${apiUrl}/v1/disclosures/${month}`, { headers: bearer(auditor) })).body.intact).toBe(true);
  });
});

describe('the HTML report in headless Chromium', () => {
  const maybe = chromiumAvailable() ? it : it.skip;

  maybe('renders without console errors, with its four SVG charts in the DOM, to a non-trivial screenshot', () => {
    expectReportRendered(join(exportDir, 'report.html'));
  });
});
