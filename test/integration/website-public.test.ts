/**
 * The website's public pages and the notices page against a real twin, in Debian's chromium:
 * signed out, the marketplace and a listing (the borrower's disclosure masked, the bid asking
 * for a sign-in), the platform statistics with their charts (a bad filter refused at its
 * field), the monthly disclosure reports (a closed month's figures; an open month refused);
 * an admin's view of a month's export files; a borrower's notices (marked read, the count in
 * the navigation following) and preferences (a bad one refused at its field, nothing
 * changed). Each page passes checkPage (axe, both widths) with no console error.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { luhnCheckDigit } from '../../functions/core/bank-card';
import { residentIdCheckCharacter } from '../../functions/core/resident-id-number';
import { customer } from '../support/custody';
import { listedLoan, twinWithClientsForThisFile } from '../support/listings';
import { eventually, json } from '../support/twin-process';
import { checkPage, chromiumHere, launchBrowser, watchedPage } from '../support/browser';

const setup = twinWithClientsForThisFile();
const password = 'Web-Public-Test-2026!';
const first17 = '11010519850307123';
const person = { kind: 'personal', realName: '王伟华', idNumber: `${first17}${residentIdCheckCharacter(first17)}`, phone: '13900001234', bankCard: `622848000000001234${luhnCheckDigit('622848000000001234')}` };
let browser: Browser;
let borrowerToken: string;
let loanId: string;

beforeAll(async () => {
  if (!chromiumHere) return;
  browser = await launchBrowser();
  // A borrower registered and verified through the API with a real name, ID number and phone, so the page can be searched for them.
  const { twin, documents, sfn } = setup;
  const username = `pub-${randomUUID().slice(0, 8)}`;
  expect((await json(`${twin.apiUrl}/v1/auth/register`, { method: 'POST', body: JSON.stringify({ username, password, roles: ['borrower'] }) })).status).toBe(201);
  borrowerToken = (await json(`${twin.apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) })).body.accessToken;
  const authorization = { authorization: `Bearer ${borrowerToken}` };
  const verified = await json(`${twin.apiUrl}/v1/me/verification`, { method: 'POST', headers: { ...authorization, 'idempotency-key': randomUUID() }, body: JSON.stringify(person) });
  expect(verified.status).toBe(200);
  const { body: me } = await json(`${twin.apiUrl}/v1/me`, { headers: authorization });
  loanId = await listedLoan(twin, documents, sfn, { borrowerId: me.userId, amountFen: 1_000_000, grade: 'B' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

(chromiumHere ? test : test.skip)('signed out: the marketplace, a listing masked, the statistics with charts, the disclosure reports; an admin sees a month’s files', async () => {
  const { twin } = setup;
  const { page, failures } = await watchedPage(browser);

  // The marketplace and a listing, signed out: the disclosure masked, nothing of the person in plain.
  await page.goto(`${twin.apiUrl}/`);
  const listingCard = page.locator('.card', { has: page.locator(`a[href="/listings/${loanId}"]`) });
  await listingCard.getByRole('progressbar').waitFor();
  await listingCard.getByRole('link').click();
  await page.getByRole('heading', { name: '借款人信息披露' }).waitFor();
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).toContain('王**');
  for (const plain of [person.realName, person.idNumber, person.phone, person.bankCard, person.idNumber.slice(6, 14)]) expect(text).not.toContain(plain);
  await expect(page.getByRole('link', { name: '登录后投标' }).getAttribute('href')).resolves.toBe(`/sign-in?next=${encodeURIComponent(`/listings/${loanId}`)}`);
  await expect(page.getByLabel('投标金额（元）').count()).resolves.toBe(0);
  await checkPage(page, 'public-listing');

  // The statistics: the charts (each with its table for screen readers) and every figure; a bad term refused at its field.
  await page.getByRole('link', { name: '平台数据' }).click();
  await page.getByRole('heading', { name: '平台运营数据' }).waitFor();
  await page.locator('figcaption', { hasText: '近 6 个月每月借贷金额（元）' }).waitFor();
  await expect(page.getByRole('table', { name: '近 6 个月每月借贷金额（元）' }).locator('tbody tr').count()).resolves.toBe(6);
  await expect(page.getByRole('table', { name: '逾期率' }).locator('tbody tr').count()).resolves.toBe(4);
  await page.getByRole('table', { name: '全部指标' }).getByText('借贷 · 金额', { exact: true }).waitFor();
  await checkPage(page, 'stats');
  await page.getByLabel('期限（月）').fill('0');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.locator('.field-error').waitFor();
  await expect(page.getByLabel('期限（月）').getAttribute('aria-invalid')).resolves.toBe('true');

  // The disclosure reports: the closed months, a month's figures; the month still open is refused.
  await page.getByRole('link', { name: '信息披露' }).click();
  await page.getByRole('heading', { name: '月度信息披露报告' }).waitFor();
  const lastMonth = (await page.locator('main ul a').first().textContent())!;
  await checkPage(page, 'disclosures');
  await page.getByRole('link', { name: lastMonth, exact: true }).click();
  await page.getByRole('table', { name: '月度运营数据' }).getByText('月末 · 借贷余额 · 本金', { exact: true }).waitFor();
  await checkPage(page, 'disclosure-month');
  const { body: stats } = await json(`${twin.apiUrl}/v1/stats`);
  const openMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date(stats.asOf));
  await page.goto(`${twin.apiUrl}/disclosures/${openMonth}`);
  await page.locator('.form-error').waitFor();
  expect(failures).toEqual([]);
  await page.context().close();

  // An admin (who generates the month's export) sees its files, intact, beside the public figures.
  const admin = await customer(twin, setup.documents, { roles: ['admin'] });
  expect([200, 201]).toContain((await admin.post(`/v1/disclosures/${lastMonth}`, {})).status);
  const staff = await watchedPage(browser, admin.token);
  await staff.page.goto(`${twin.apiUrl}/disclosures/${lastMonth}`);
  await staff.page.getByText('所有文件与清单一致。').waitFor();
  await staff.page.getByRole('button', { name: '下载 report.html' }).waitFor();
  await checkPage(staff.page, 'disclosure-month-admin');
  expect(staff.failures).toEqual([]);
  await staff.page.context().close();
}, 120_000);

(chromiumHere ? test : test.skip)('a borrower’s notices: the inbox, marked read with the count in the navigation; a bad preference refused at its field, nothing changed', async () => {
  const { twin } = setup;
  const authorization = { authorization: `Bearer ${borrowerToken}` };
  // The verification's and the approval's notices come from the table's stream.
  await eventually(async () => ((await json(`${twin.apiUrl}/v1/me/notifications`, { headers: authorization })).body.unreadCount >= 2 ? true : undefined), 'the borrower’s notices', 60_000);
  const before = (await json(`${twin.apiUrl}/v1/me/notifications`, { headers: authorization })).body.unreadCount as number;
  const { page, failures } = await watchedPage(browser, borrowerToken);

  await page.goto(`${twin.apiUrl}/notices`);
  await page.getByRole('heading', { name: '我的通知' }).waitFor();
  await expect(page.getByTestId('unread-count').textContent()).resolves.toBe(String(before));
  await checkPage(page, 'notices');
  await page.getByRole('button', { name: '标为已读' }).first().click();
  await page.getByTestId('unread-count').filter({ hasText: String(before - 1) }).waitFor();
  await expect(page.getByTestId('unread').textContent()).resolves.toBe(`未读通知：${before - 1}`);
  expect((await json(`${twin.apiUrl}/v1/me/notifications`, { headers: authorization })).body.unreadCount).toBe(before - 1);

  // A language the API does not know (the form offers only zh and en: the request is altered here) is refused at its field; the preferences stay.
  await page.getByLabel('邮件').first().waitFor();
  // (No DOM types in the tests' TypeScript: the function runs in the page.)
  await page.getByLabel('短信和邮件的语言').evaluate((select: any) => select.append(new (globalThis as any).Option('fr', 'fr', true, true)));
  await page.getByLabel('账户 邮件').check();
  await expect(page.getByLabel('短信和邮件的语言').inputValue()).resolves.toBe('fr');
  await page.getByRole('button', { name: '保存偏好' }).click();
  await page.locator('.field-error').waitFor();
  await expect(page.getByLabel('短信和邮件的语言').getAttribute('aria-invalid')).resolves.toBe('true');
  const { body: preferences } = await json(`${twin.apiUrl}/v1/me/notification-preferences`, { headers: authorization });
  expect(preferences).toMatchObject({ language: 'zh', channels: { account: { sms: true, email: false } } });
  await checkPage(page, 'notices-refused');

  expect(failures).toEqual([]);
  await page.context().close();
}, 120_000);
