/**
 * The website against a real twin, in Debian's chromium (playwright-core, no browser download):
 * the calculator, signing up and in (back to the page that asked), the marketplace with its
 * progress bar, a listing's page and a bid of the remaining amount; bad input shows the API's
 * complaint at its field in Chinese and changes nothing. Each page at 1280 × 800 and on a
 * 375 × 812 phone without horizontal scrolling; axe finds no serious or critical violation
 * on any page, and no page logs an error. Screenshots go to test-results/website/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { assessed, listedLoan, twinWithClientsForThisFile } from '../support/listings';
import { customer, depositConfirmed, markVerified, signedIn } from '../support/custody';
import { json, projectRoot } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumHere = existsSync(chromiumPath);
if (!chromiumHere) console.warn(`SKIPPED: no browser at ${chromiumPath} (Debian package \`chromium\`; .ci/run installs it; or set CHROMIUM_PATH): the website is not tested`);
const screenshots = join(projectRoot, 'test-results', 'website');
const password = 'Web-Site-Test-2026!';
let browser: Browser;
let loanId: string;

beforeAll(async () => {
  if (!chromiumHere) return;
  await mkdir(screenshots, { recursive: true });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const borrower = await customer(setup.twin, setup.documents, { roles: ['borrower'] });
  loanId = await listedLoan(setup.twin, setup.documents, setup.sfn, { borrowerId: borrower.userId, amountFen: 1_000_000, grade: 'B' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const desktop = { width: 1280, height: 800 };
const phone = { width: 375, height: 812 };

/** A page that records what must not happen: a console error, an uncaught exception, a 5xx. */
async function watchedPage(): Promise<{ page: Page; failures: string[] }> {
  const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN' });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx fetch as "Failed to load resource"; those are the API's answers, which the page shows.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) failures.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  return { page, failures };
}

/** The page as it is, at both widths: axe on the desktop layout, a screenshot of each, and on the phone no horizontal scroll. */
async function checkPage(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${name}: ${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: join(screenshots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(phone);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(screenshots, `${name}-375.png`), fullPage: true });
  await page.setViewportSize(desktop);
}

(chromiumHere ? test : test.skip)('calculator, sign up and in, marketplace, a listing and a bid, at 1280 × 800 and 375 × 812', async () => {
  const { twin, documents } = setup;
  const { page, failures } = await watchedPage();

  // The calculator is public: the API's schedule, and a bad amount refused at its field in Chinese.
  await page.goto(`${twin.apiUrl}/calculator`);
  await page.getByLabel('金额（元）').fill('1e5');
  await page.getByRole('button', { name: '计算' }).click();
  await page.getByText('金额须为以元为单位').waitFor();
  await expect(page.getByLabel('金额（元）').getAttribute('aria-invalid')).resolves.toBe('true');
  await page.getByLabel('金额（元）').fill('10000.00');
  await page.getByRole('button', { name: '计算' }).click();
  await page.getByRole('cell', { name: '¥10,000.00' }).first().waitFor();
  await expect(page.getByRole('table').locator('tbody tr').count()).resolves.toBe(12);
  await checkPage(page, 'calculator');

  // The marketplace asks for a sign-in first, then comes back.
  await page.goto(`${twin.apiUrl}/`);
  await page.waitForURL(/\/sign-in\?next=%2F$/);
  const username = `web-${Date.now()}`;
  await page.getByRole('button', { name: '还没有账号？注册' }).click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('short');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.locator('.form-error').waitFor();
  await checkPage(page, 'sign-up-refused');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByText('注册成功，请登录。').waitFor();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${twin.apiUrl}/`);

  const listingCard = page.locator('.card', { has: page.locator(`a[href="/listings/${loanId}"]`) });
  await listingCard.getByRole('progressbar').waitFor();
  await listingCard.getByText('¥10,000.00').first().waitFor();
  await checkPage(page, 'marketplace');

  // A listing: a bid before any deposit is refused with the API's reason and changes nothing.
  await listingCard.getByRole('link').click();
  await page.getByRole('heading', { name: '借款人信息披露' }).waitFor();
  await page.getByRole('button', { name: '投剩余全部金额' }).click();
  await expect(page.getByLabel('投标金额（元）').inputValue()).resolves.toBe('10000.00');
  await page.getByRole('button', { name: '投标', exact: true }).click();
  await page.locator('.form-error').waitFor();
  await expect(page.locator('.progress-text').textContent()).resolves.toBe('0.00%');
  await checkPage(page, 'listing');

  // Once verified, assessed and funded, a bid of a small amount is taken and the progress moves.
  const { body: tokens } = await json(`${twin.apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
  const { body: profile } = await json(`${twin.apiUrl}/v1/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  const userId = profile.userId as string;
  await markVerified(documents, twin, userId, ['investor']);
  await assessed(twin, documents, userId, 'C5');
  await depositConfirmed(await signedIn(twin, userId, ['investor']), '1000.00');
  await page.getByLabel('投标金额（元）').fill('100.00');
  await page.getByRole('button', { name: '投标', exact: true }).click();
  await page.getByText('投标成功，资金已冻结： ¥100.00').waitFor();
  await page.locator('.progress-text', { hasNotText: '0.00%' }).waitFor();

  // English on the switch.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Borrower disclosure' }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

  expect(failures).toEqual([]);
  await page.context().close();
}, 120_000);

(chromiumHere ? test : test.skip)('the developer panel moves the clock, runs a schedule and reads the bank and the outbox', async () => {
  const { twin } = setup;
  const { page, failures } = await watchedPage();

  // The address npm start prints carries the secret in the fragment; the page keeps it for the tab and drops it from the address.
  await page.goto(`${twin.apiUrl}/developer#secret=${twin.controlSecret}`);
  await page.waitForURL(`${twin.apiUrl}/developer`);
  const now = page.getByTestId('twin-now');
  await now.filter({ hasNotText: '加载中' }).waitFor();
  const before = await now.textContent();
  await page.getByRole('link', { name: '开发者面板' }).waitFor();
  await page.getByRole('table', { name: '子账户' }).locator('tbody tr').first().waitFor();
  await checkPage(page, 'developer');

  // A bad duration is the twin's 400, shown as a message; the clock stays.
  await page.getByLabel('前进时长').fill('P1Y');
  await page.getByRole('button', { name: '前进', exact: true }).click();
  await page.locator('.form-error').waitFor();
  await expect(now.textContent()).resolves.toBe(before);

  await page.getByRole('button', { name: '前进 1 天' }).click();
  await now.filter({ hasNotText: before ?? '' }).waitFor();
  await page.getByRole('button', { name: '立即运行 overdue-sweep' }).click();
  await page.getByRole('status').getByText('overdue-sweep: 已运行').waitFor();

  expect(failures).toEqual([]);
  await page.context().close();
}, 60_000);
