/**
 * The website's staff pages against a real twin, in Debian's chromium: the admin finds a user
 * and changes their roles (no roles at all refused at the field, nothing changed), reads the
 * post-loan page (collection cases, the write-off form refused on a loan that is not DEFAULTED,
 * alerts, the risk reserve), a reconciliation report of a day the daily job reconciled, and
 * generates a closed month's disclosure export (a malformed month refused at its field); the
 * auditor sees that export's files with their SHA-256 from the manifest, checks the stored files,
 * and runs the compliance self-check. Each page passes checkPage (axe, both widths).
 *
 * A loan reaches DEFAULTED only after 90 days overdue on the twin's clock (a disbursed loan and
 * the overdue sweep day after day): too slow for this file, so the write-off is shown refused on
 * a loan in APPLIED, and the alert is seeded into the table as the monitoring rules write one
 * (their own tests raise it from withdrawals: test/integration/overdue.test.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { twinWithClientsForThisFile } from '../support/listings';
import { json } from '../support/twin-process';
import { checkPage, chromiumHere, launchBrowser, signInFor, watchedPage } from '../support/browser';

const setup = twinWithClientsForThisFile();
const password = 'Staff-Pages-2026!';
let browser: Browser;

beforeAll(async () => {
  if (chromiumHere) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The business date (Asia/Shanghai) the twin's clock is on, and the month before it (closed). */
async function twinToday(): Promise<{ today: string; previousMonth: string }> {
  const now = Date.parse((await json(`${setup.twin.apiUrl}/_twin/clock`)).body.now as string);
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const previousMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  return { today, previousMonth };
}

(chromiumHere ? test : test.skip)('the admin: users and roles, post-loan and write-off, alerts, the risk reserve, a reconciliation report, a disclosure on demand; the auditor: exports with their hashes and the compliance self-check', async () => {
  const { twin, documents } = setup;
  const api = twin.apiUrl;
  const stamp = Date.now().toString(36);
  const username = `staffweb-${stamp}`;
  const registered = await json(`${api}/v1/auth/register`, { method: 'POST', body: JSON.stringify({ username, password, roles: ['investor'] }) });
  expect(registered.status).toBe(201);
  const adminToken = (await json(`${api}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'Admin-local-2026!' }) })).body.accessToken as string;
  const rolesNow = async () => (await json(`${api}/v1/admin/users?username=${username}`, { headers: { authorization: `Bearer ${adminToken}` } })).body.items[0].roles;

  // A loan that is not DEFAULTED (applied), an alert as the monitoring rules write one, a day reconciled by the daily job.
  const loanId = `loan-${randomUUID()}`;
  const at = new Date().toISOString();
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: { pk: `LOAN#${loanId}`, sk: 'LOAN', loanId, borrowerId: registered.body.userId, amountFen: 500_000, termMonths: 6, annualRate: '0.1', method: 'EQUAL_INSTALLMENT', purposeCategory: 'WORKING_CAPITAL', purpose: 'stock', status: 'APPLIED', createdAt: at, updatedAt: at } }));
  const alertId = `large-transfers:${registered.body.userId}:${at.slice(0, 10)}`;
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: { pk: 'ALERT', sk: `${at}#${alertId}`, alertId, kind: 'MANY_LARGE_TRANSFERS', userId: registered.body.userId, raisedAt: at, detail: { count: 3, date: at.slice(0, 10) } } }));
  const run = await json(`${api}/_twin/schedules/daily-reconciliation/run`, { method: 'POST' });
  expect(run.status).toBe(200);
  const reconciled = /"businessDate":"(\d{4}-\d\d-\d\d)"/.exec(JSON.stringify(run.body))?.[1];
  expect(reconciled).toBeDefined();
  const { previousMonth } = await twinToday();

  const { page, failures } = await watchedPage(browser);
  await signInFor(page, api, '/admin/users', 'admin', 'Admin-local-2026!');
  for (const link of ['用户与角色', '贷后管理', '对账', '导出与合规']) await page.getByRole('navigation').getByRole('link', { name: link }).waitFor();

  // Users and roles: a malformed search refused at its field; the user found by the start of the name.
  await page.getByLabel('用户名开头').fill('no spaces');
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByText('用户名为 3 到 64 位').waitFor();
  await expect(page.getByLabel('用户名开头').getAttribute('aria-invalid')).resolves.toBe('true');
  await page.getByLabel('用户名开头').fill(username.toUpperCase());
  await page.getByRole('button', { name: '查找' }).click();
  // The list shows every user first (admin, reviewer, auditor and this one), then only the one found.
  // A locator, not a string predicate: the site's CSP (no unsafe-eval) refuses Playwright's evaluation of a string.
  await page.getByRole('rowheader', { name: username }).waitFor();
  await page.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
  await expect(page.locator('tbody tr').count()).resolves.toBe(1);
  await page.getByRole('button', { name: `修改角色 ${username}` }).click();
  // No role at all: refused at the roles, nothing changed.
  await page.getByRole('checkbox', { name: '出借人' }).uncheck();
  await page.getByRole('button', { name: '保存角色' }).click();
  await page.getByText('请至少选择一项。').waitFor();
  await expect(page.getByRole('checkbox', { name: '借款人' }).getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(rolesNow()).resolves.toEqual(['investor']);
  await checkPage(page, 'admin-users-refused');
  await page.getByRole('checkbox', { name: '出借人' }).check();
  await page.getByRole('checkbox', { name: '审核员' }).check();
  await page.getByRole('button', { name: '保存角色' }).click();
  await page.getByText('角色已保存').waitFor();
  await page.getByRole('cell', { name: '出借人、审核员' }).waitFor();
  await expect(rolesNow()).resolves.toEqual(['investor', 'reviewer']);
  // The related-party mark (关联方).
  await page.getByLabel(`${username} 是否为平台关联方`).selectOption('STAFF');
  await page.getByRole('button', { name: '保存关联方标记' }).click();
  await page.getByRole('cell', { name: '平台员工' }).waitFor();
  await expect(json(`${api}/v1/admin/users?username=${username}`, { headers: { authorization: `Bearer ${adminToken}` } }).then((answer) => answer.body.items[0])).resolves.toMatchObject({ relatedParty: true, relatedPartyRole: 'STAFF' });

  // Post-loan: the write-off refused on a loan that is not DEFAULTED; the alert; the risk reserve.
  await page.getByRole('navigation').getByRole('link', { name: '贷后管理' }).click();
  await page.getByRole('heading', { name: '贷中监测预警' }).waitFor();
  await page.getByRole('cell', { name: '一日内多笔大额转账' }).waitFor();
  await page.getByTestId('reserve-balance').waitFor();
  await page.getByLabel('借款编号').fill(loanId);
  await page.getByLabel('核销原因').selectOption('UNCOLLECTABLE');
  await page.getByRole('button', { name: '核销此借款' }).click();
  await page.getByText('当前状态不允许此操作').waitFor();
  await checkPage(page, 'post-loan');

  // A reconciliation report: a day never reconciled is refused; the day the job reconciled is shown.
  await page.getByRole('navigation').getByRole('link', { name: '对账' }).click();
  await page.getByLabel('业务日期').fill('2020-01-01');
  await page.getByRole('button', { name: '查看报告' }).click();
  await page.getByText('未找到所请求的内容。').waitFor();
  await page.getByLabel('业务日期').fill(reconciled!);
  await page.getByRole('button', { name: '查看报告' }).click();
  await expect(page.getByTestId('reconciliation-status').textContent()).resolves.toMatch(new RegExp(`^${reconciled} · (账实相符|有 \\d+ 处差异)$`));
  await checkPage(page, 'reconciliation');

  // A disclosure on demand: a malformed month refused at its field, then the closed month written.
  await page.getByRole('navigation').getByRole('link', { name: '导出与合规' }).click();
  await page.getByRole('heading', { name: '立即生成月度导出' }).waitFor();
  const generate = page.getByRole('region', { name: '立即生成月度导出' });
  await generate.getByLabel('月份（YYYY-MM）').fill('2026-13');
  await generate.getByRole('button', { name: '生成' }).click();
  await generate.locator('.field-error').waitFor();
  await expect(generate.getByLabel('月份（YYYY-MM）').getAttribute('aria-invalid')).resolves.toBe('true');
  await generate.getByLabel('月份（YYYY-MM）').fill(previousMonth);
  await generate.getByRole('button', { name: '生成' }).click();
  await generate.getByText(new RegExp(`${previousMonth} 的导出(已生成|此前已生成)`)).waitFor({ timeout: 60_000 });
  await page.getByRole('heading', { name: `${previousMonth} 月度导出` }).waitFor();
  await checkPage(page, 'exports-admin');
  expect(failures).toEqual([]);

  // The auditor: the export's files with the manifest's SHA-256, the stored files checked, the compliance self-check.
  const auditor = await watchedPage(browser);
  await signInFor(auditor.page, api, '/exports', 'auditor', 'Auditor-local-2026!');
  await expect(auditor.page.getByRole('navigation').getByRole('link', { name: '用户与角色' }).count()).resolves.toBe(0);
  await expect(auditor.page.getByRole('heading', { name: '立即生成月度导出' }).count()).resolves.toBe(0);
  const auditorToken = (await json(`${api}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'auditor', password: 'Auditor-local-2026!' }) })).body.accessToken as string;
  const listing = await json(`${api}/v1/disclosures`, { headers: { authorization: `Bearer ${auditorToken}` } });
  const manifest = listing.body.disclosures.find((entry: { month: string }) => entry.month === previousMonth);
  const files = auditor.page.getByRole('region', { name: `${previousMonth} 导出的文件` });
  await auditor.page.getByText(manifest.manifestSha256).waitFor();
  for (const file of manifest.manifest.files as { name: string; sha256: string }[]) {
    await expect(files.getByRole('row').filter({ has: auditor.page.getByRole('rowheader', { name: file.name, exact: true }) }).getByText(file.sha256, { exact: true }).count()).resolves.toBe(1);
  }
  const month = auditor.page.getByRole('region', { name: `${previousMonth} 月度导出` });
  await month.getByRole('button', { name: '核验存储的文件' }).click();
  await expect(auditor.page.getByTestId(`intact-${previousMonth}`).textContent()).resolves.toBe('与清单一致');
  const [download] = await Promise.all([auditor.page.waitForEvent('download'), files.getByRole('button', { name: '下载 figures.csv', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe(`${previousMonth}-figures.csv`);
  await auditor.page.getByRole('region', { name: '合规自查' }).getByLabel('月份（YYYY-MM）').fill(previousMonth);
  await auditor.page.getByRole('button', { name: '自查', exact: true }).click();
  await expect(auditor.page.getByTestId('compliance-summary').textContent()).resolves.toMatch(new RegExp(`^${previousMonth}：符合 \\d+ 项`));
  await checkPage(auditor.page, 'exports-auditor');
  expect(auditor.failures).toEqual([]);
}, 240_000);
