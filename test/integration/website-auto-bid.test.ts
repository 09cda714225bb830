/**
 * The website's auto-bid plans page against a real twin, in Debian's chromium: an investor
 * creates a plan; a bad edit shows the API's complaint at its field in Chinese and changes
 * nothing; an edit made from a version changed elsewhere is told so and shows the plan as it
 * is; an edit, a pause, a resume and a deletion (after its confirmation) each show on the
 * page and in the API. The page at both widths with axe; no console errors.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { investor, twinWithClientsForThisFile } from '../support/listings';
import { checkPage, chromiumHere, launchBrowser, watchedPage } from '../support/browser';
import { json } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let browser: Browser;

beforeAll(async () => {
  if (chromiumHere) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

(chromiumHere ? test : test.skip)('an investor creates, edits (a bad edit first), pauses, resumes and deletes an auto-bid plan', async () => {
  const { twin, documents } = setup;
  const owner = await investor(twin, documents, { level: 'C5' });
  const plans = async () => (await owner.get('/v1/me/auto-bid-plans')).body.items as Array<Record<string, unknown>>;
  const { page, failures } = await watchedPage(browser, owner.token);
  await page.goto(`${twin.apiUrl}/auto-bid-plans`);
  await page.getByText('暂无自动投标计划').waitFor();

  await page.getByLabel('每笔投标金额（元）').fill('1000.00');
  await page.getByLabel('总预算（元）').fill('5000.00');
  await page.getByRole('button', { name: '新建计划' }).click();
  const row = page.getByRole('row').filter({ hasText: 'plan-' });
  await row.getByRole('cell', { name: '启用中' }).waitFor();
  const [created] = await plans();
  expect(created).toMatchObject({ status: 'ACTIVE', version: 1, amountPerLoan: '1000.00' });
  const planId = created!.planId as string;

  // A bad edit: the API's complaint at the field, and the plan as it was.
  await page.getByRole('button', { name: `编辑 ${planId}` }).click();
  await expect(page.getByLabel('每笔投标金额（元）').inputValue()).resolves.toBe('1000.00');
  await page.getByLabel('每笔投标金额（元）').fill('150.00');
  await page.getByRole('button', { name: '保存修改' }).click();
  await page.getByText('每笔投标金额须不低于起投金额').waitFor();
  await expect(page.getByLabel('每笔投标金额（元）').getAttribute('aria-invalid')).resolves.toBe('true');
  await checkPage(page, 'auto-bid-plans-edit');
  expect(await plans()).toEqual([created]);

  // Changed elsewhere meanwhile (a budget of ¥6,000): the save is told so, the table shows the plan as it is, saving again edits that version.
  const { planId: _id, status: _status, version: _version, spent: _spent, createdAt: _createdAt, lastServedAt: _served, ...terms } = created!;
  const elsewhere = await json(`${twin.apiUrl}/v1/me/auto-bid-plans/${planId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${owner.token}`, 'idempotency-key': `key-${randomUUID()}` },
    body: JSON.stringify({ ...terms, budget: '6000.00', version: 1 }),
  });
  expect(elsewhere.status).toBe(200);
  await page.getByLabel('每笔投标金额（元）').fill('500.00');
  await page.getByLabel('单笔上限（元，可不填）').fill('500.00');
  await page.getByRole('button', { name: '保存修改' }).click();
  await page.getByText('计划在您编辑期间已被修改').waitFor();
  await row.getByRole('cell', { name: '¥6,000.00' }).waitFor();
  expect(await plans()).toEqual([elsewhere.body]);
  await page.getByRole('button', { name: '保存修改' }).click();
  await row.getByRole('cell', { name: '¥500.00' }).waitFor();
  expect(await plans()).toEqual([expect.objectContaining({ planId, version: 3, amountPerLoan: '500.00', capPerLoan: '500.00', budget: '5000.00', status: 'ACTIVE' })]);

  await page.getByRole('button', { name: `暂停 ${planId}` }).click();
  await row.getByRole('cell', { name: '已暂停' }).waitFor();
  expect(await plans()).toEqual([expect.objectContaining({ status: 'PAUSED', version: 4 })]);
  await page.getByRole('button', { name: `恢复 ${planId}` }).click();
  await row.getByRole('cell', { name: '启用中' }).waitFor();
  expect(await plans()).toEqual([expect.objectContaining({ status: 'ACTIVE', version: 5 })]);

  // Deleting asks first; cancelling keeps the plan.
  await page.getByRole('button', { name: `删除 ${planId}` }).click();
  await page.getByRole('button', { name: '取消' }).click();
  await page.getByRole('button', { name: `删除 ${planId}` }).click();
  await page.getByRole('button', { name: '确认删除' }).click();
  await page.getByText('暂无自动投标计划').waitFor();
  expect(await plans()).toEqual([]);
  expect(failures).toEqual([]);
}, 120_000);
