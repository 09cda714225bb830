/**
 * npm run screenshots — the README's pictures of the website, taken from a real twin (in
 * memory, on free ports) in Debian's chromium with a 1280 × 800 window, in Chinese:
 *   docs/images/marketplace.png  the marketplace as an investor sees it: listings of each
 *                                grade, two of them part-funded by that investor's bids;
 *   docs/images/loan.png         a borrower's disbursed loan, the whole page at that width: its
 *                                facts, the amount due now and the early-settlement quote, the
 *                                signed contract, the schedule.
 * The loans go through the origination workflow (test/support/listings.ts, servicing.ts).
 * Chromium finds the Noto Sans SC font the PDFs use (@expo-google-fonts/noto-sans-sc)
 * through a fontconfig file of its own, so the pictures show Chinese on a machine without
 * a CJK font.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { customer, tableClient } from './support/custody';
import { desktop, launchBrowser } from './support/browser';
import { investor, listedLoan, sfnClient } from './support/listings';
import { inBatches, repayingLoan } from './support/servicing';
import { projectRoot, startTwinProcess } from './support/twin-process';

const images = join(projectRoot, 'docs', 'images');
const fonts = join(projectRoot, 'node_modules', '@expo-google-fonts', 'noto-sans-sc');

/** A fontconfig file: the system's fonts and Noto Sans SC's regular and bold faces (chromium reads FONTCONFIG_FILE). */
async function withChineseFont(folder: string): Promise<void> {
  const file = join(folder, 'fonts.conf');
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${join(fonts, '400Regular')}</dir>\n  <dir>${join(fonts, '700Bold')}</dir>\n  <cachedir>${join(folder, 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  process.env.FONTCONFIG_FILE = file;
}

/** Opens `path` signed in with `token` at 1280 × 800, waits for `ready` (a CSS selector), and saves the view (or the whole page) as docs/images/`name`. */
async function screenshot(browser: Browser, origin: string, token: string, path: string, ready: string, name: string, fullPage = false): Promise<void> {
  const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN' });
  await context.addInitScript(`sessionStorage.setItem('accessToken', ${JSON.stringify(token)})`);
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  await page.locator(ready).first().waitFor();
  // Every part of the page answered: nothing still says it is loading.
  await page.waitForLoadState('networkidle');
  await page.getByText('加载中…').first().waitFor({ state: 'detached', timeout: 60_000 });
  await page.evaluate('document.fonts.ready');
  await page.screenshot({ path: join(images, name), fullPage });
  await context.close();
  console.log(`saved docs/images/${name} (${path})`);
}

const scratch = await mkdtemp(join(tmpdir(), 'screenshots-'));
await withChineseFont(scratch);
await mkdir(images, { recursive: true });
const twin = await startTwinProcess();
const documents = tableClient(twin);
const sfn = sfnClient(twin);
let browser: Browser | undefined;
try {
  const terms = [
    { grade: 'A', amountFen: 5_000_000, termMonths: 12, annualRate: '0.08' },
    { grade: 'B', amountFen: 2_000_000, termMonths: 6, annualRate: '0.10' },
    { grade: 'B', amountFen: 8_000_000, termMonths: 24, annualRate: '0.11', method: 'EQUAL_PRINCIPAL' },
    { grade: 'C', amountFen: 3_000_000, termMonths: 12, annualRate: '0.13' },
    { grade: 'D', amountFen: 1_500_000, termMonths: 9, annualRate: '0.15' },
    { grade: 'E', amountFen: 1_000_000, termMonths: 3, annualRate: '0.18', method: 'BULLET' },
  ] as const;
  const listed = await inBatches(terms, 3, async (term) => {
    const borrower = await customer(twin, documents, { roles: ['borrower'] });
    return listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, ...term });
  });
  // listedLoan writes every application's purpose as 'working capital'; the pictures show what applicants here write.
  const purposes = ['门店装修', '设备采购', '季节性备货', '物流车辆购置', '农资采购', '短期周转'];
  for (const [index, loanId] of listed.entries()) {
    await documents.send(
      new UpdateCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, UpdateExpression: 'SET purpose = :purpose', ExpressionAttributeValues: { ':purpose': purposes[index] } }),
    );
  }
  const bidder = await investor(twin, documents, { deposit: '60000.00' });
  for (const [index, amount] of [[0, '32000.00'], [3, '9000.00']] as const) {
    const bid = await bidder.post(`/v1/listings/${listed[index]}/bids`, { amount });
    if (bid.status !== 201) throw new Error(`bid on ${listed[index]}: ${bid.status} ${JSON.stringify(bid.body)}`);
  }
  const loan = await repayingLoan(twin, documents, sfn, { investors: 3, amountFen: 3_000_000, termMonths: 12, annualRate: '0.12', grade: 'A' });

  browser = await launchBrowser();
  await screenshot(browser, twin.apiUrl, bidder.token, '/', '.listings .card [role="progressbar"]', 'marketplace.png');
  await screenshot(browser, twin.apiUrl, loan.borrower.token, `/loans/${loan.loanId}`, 'table tbody tr', 'loan.png', true);
} finally {
  await browser?.close();
  documents.destroy();
  sfn.destroy();
  await twin.stop();
  await rm(scratch, { recursive: true, force: true });
}
