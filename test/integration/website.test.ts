/**
 * The website against a real twin, in Debian's chromium (playwright-core, no browser download):
 * the calculator, signing up and in (back to the page that asked), the marketplace with its
 * progress bar, a listing's page and a bid of the remaining amount; bad input shows the API's
 * complaint at its field in Chinese and changes nothing. Each page at 1280 × 800 and on a
 * 375 × 812 phone without horizontal scrolling; axe finds no serious or critical violation
 * on any page, and no page logs an error. Screenshots go to test-results/website/.
 */
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { simulatedBureauCase } from '../../functions/adapters/credit-bureau/credit-bureau';
import { luhnCheckDigit } from '../../functions/core/bank-card';
import { residentIdCheckCharacter } from '../../functions/core/resident-id-number';
import { assessed, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { customer, depositConfirmed, markVerified, signedIn } from '../support/custody';
import { eventually, json } from '../support/twin-process';
import { checkPage, chromiumHere, launchBrowser, signInFor as signInAt, watchedPage as watchedPageIn } from '../support/browser';

const setup = twinWithClientsForThisFile();
const password = 'Web-Site-Test-2026!';
let browser: Browser;
let loanId: string;

beforeAll(async () => {
  if (!chromiumHere) return;
  browser = await launchBrowser();
  const borrower = await customer(setup.twin, setup.documents, { roles: ['borrower'] });
  loanId = await listedLoan(setup.twin, setup.documents, setup.sfn, { borrowerId: borrower.userId, amountFen: 1_000_000, grade: 'B' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const watchedPage = (token?: string) => watchedPageIn(browser, token);

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

  // The marketplace and a listing are public: browsable signed out, the bid asks for a sign-in and comes back.
  await page.goto(`${twin.apiUrl}/`);
  const listingCard = page.locator('.card', { has: page.locator(`a[href="/listings/${loanId}"]`) });
  await listingCard.getByRole('progressbar').waitFor();
  await listingCard.getByText('¥10,000.00').first().waitFor();
  await checkPage(page, 'marketplace');
  await listingCard.getByRole('link').click();
  await page.getByRole('heading', { name: '借款人信息披露' }).waitFor();
  await page.getByRole('link', { name: '登录后投标' }).click();
  await page.waitForURL(`${twin.apiUrl}/sign-in?next=${encodeURIComponent(`/listings/${loanId}`)}`);
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
  await page.waitForURL(`${twin.apiUrl}/listings/${loanId}`);

  // A listing: a bid before any deposit is refused with the API's reason and changes nothing.
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
  await withTwinState(page.locator('.form-error').waitFor());
  // The twin's clock runs with real time: the day is what must not have moved.
  await expect(now.textContent()).resolves.toContain(before!.split(' ')[0]);

  await page.getByRole('button', { name: '前进 1 天' }).click();
  await now.filter({ hasNotText: before ?? '' }).waitFor();
  await page.getByRole('button', { name: '立即运行 overdue-sweep' }).click();
  await page.getByRole('status').getByText('overdue-sweep: 已运行').waitFor();

  expect(failures).toEqual([]);
  await page.context().close();
}, 60_000);

/** A borrower registered until the bureau simulator files them as a thin file, so a reviewer decides; signed in on the site. */
async function thinFileBorrower(): Promise<{ username: string; userId: string }> {
  const { twin } = setup;
  for (;;) {
    const username = `b-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await json(`${twin.apiUrl}/v1/auth/register`, { method: 'POST', body: JSON.stringify({ username, password, roles: ['borrower'] }) });
    const { body: tokens } = await json(`${twin.apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
    const { body: profile } = await json(`${twin.apiUrl}/v1/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    if (simulatedBureauCase(profile.userId) === 'THIN_FILE') return { username, userId: profile.userId };
  }
}

const signInFor = (page: Page, path: string, username: string, secret: string) => signInAt(page, setup.twin.apiUrl, path, username, secret);

/** The questionnaire answered boldly (level C5, every grade), its result explained. */
async function questionnaire(page: Page): Promise<void> {
  await page.goto(`${setup.twin.apiUrl}/risk-assessment`);
  await page.getByRole('button', { name: '提交测评' }).click();
  await page.getByText('请回答此问题。').first().waitFor();
  const answers: Record<string, string> = { 年龄: '31–45 岁', 年收入: '100 万元以上', 投资经验: '衍生品或民间借贷', 可承受的亏损: '30% 以上', 投资期限: '3 年以上', 出借资金占总资产的比例: '10% 以下' };
  for (const [question, answer] of Object.entries(answers)) await page.getByLabel(question, { exact: true }).selectOption({ label: answer });
  await page.getByRole('button', { name: '提交测评' }).click();
  await page.getByRole('heading', { name: '您的风险等级： C5' }).waitFor();
}

/** A deposit on the account page, pending until the bank's callback settles it as `outcome`. */
async function deposit(page: Page, amount: string, outcome: '已确认' | '失败'): Promise<void> {
  await page.goto(`${setup.twin.apiUrl}/account`);
  await page.getByLabel('充值 · 金额（元）').fill(amount);
  await page.getByRole('button', { name: '充值', exact: true }).click();
  const row = page.getByRole('table', { name: '资金流水' }).getByRole('row').filter({ hasText: yuanText(amount) });
  await row.filter({ hasText: outcome }).waitFor();
}
const yuanText = (amount: string) => `¥${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** A valid identity no other account uses (the resident ID's and the card's check digits computed). */
/**
 * What the bid form says once the bid is answered. A ceiling, not a wait: the bid that fills a
 * listing starts the contract's signing, whose CJK PDF rendering shares the twin's one thread with
 * the HTTP answer, and on two busy cores that took longer than Playwright's 30 s default.
 */
async function bidOutcome(page: Page): Promise<string | null> {
  const outcome = page.locator('.success, .form-error').first();
  await withTwinState(outcome.waitFor({ timeout: 120_000 }));
  return outcome.textContent();
}

/**
 * A failed wait says whose failure it is: whether the twin answers at all (its health, timed), the
 * machine's load, and what the twin printed last (its workflow and schedule lines).
 */
async function withTwinState<T>(waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    const asked = Date.now();
    const health = await fetch(`${setup.twin.apiUrl}/v1/health`, { signal: AbortSignal.timeout(30_000) }).then(
      (response) => `${response.status} in ${Date.now() - asked} ms`,
      (failure: Error) => `no answer after ${Date.now() - asked} ms (${failure.message})`,
    );
    (error as Error).message += `\nthe twin's health: ${health}; load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}\nthe twin's last output:\n${setup.twin.output().slice(-4000)}`;
    throw error;
  }
}

function uniqueIdentity() {
  const serial = String(Date.now() % 1000).padStart(3, '0');
  const first17 = `11010519850315${serial}`;
  const card = `622848${String(Date.now()).slice(-12)}`;
  return { idNumber: `${first17}${residentIdCheckCharacter(first17)}`, phone: `139${String(Date.now()).slice(-8)}`, bankCard: `${card}${luhnCheckDigit(card)}` };
}

(chromiumHere ? test : test.skip)('the journey: a borrower verifies and applies, a reviewer approves, two investors take the questionnaire, deposit and fill it, the contract is signed, the clock moves, the borrower repays, the investors see it, the auditor sees the trail verified', async () => {
  const { twin, documents } = setup;
  const started = Date.now();
  const phases: string[] = [];
  let last = started;
  const phase = (name: string) => {
    phases.push(`${name} ${Date.now() - last} ms`);
    console.log(`website journey: ${phases.at(-1)}`);
    last = Date.now();
  };
  const borrower = await thinFileBorrower();
  const { page, failures } = await watchedPage();
  await signInFor(page, '/verification', borrower.username, password);

  // Real-name verification: a wrong check digit refused at its field, in Chinese; then verified.
  const identity = uniqueIdentity();
  await page.getByLabel('真实姓名').fill('王伟');
  await page.getByLabel('身份证号').fill(`${identity.idNumber.slice(0, 17)}${identity.idNumber.endsWith('1') ? '2' : '1'}`);
  await page.getByLabel('手机号').fill(identity.phone);
  await page.getByLabel('银行卡号').fill(identity.bankCard);
  await page.getByRole('button', { name: '提交认证' }).click();
  await page.getByText('身份证号须为 18 位').waitFor();
  await checkPage(page, 'verification-refused');
  await page.getByLabel('身份证号').fill(identity.idNumber);
  await page.getByRole('button', { name: '提交认证' }).click();
  await page.getByText('已实名认证').waitFor();

  phase('borrower verified');
  // The application with its live quote.
  await page.getByRole('link', { name: '申请借款' }).click();
  await page.getByLabel('借款用途').fill('店铺装修');
  await page.getByLabel('月收入（元）').fill('20000.00');
  await page.getByRole('table', { name: '实时报价' }).waitFor();
  await checkPage(page, 'apply');
  await page.getByRole('button', { name: '提交申请' }).click();
  const applied = await page.getByText('申请已提交，借款编号：').textContent();
  const loanId = applied!.replace(/^.*：\s*/, '').trim();
  // The borrower accepts the loan agreement's terms (without this consent the contract is not signed).
  await page.getByRole('button', { name: '我已阅读并同意借款合同条款' }).click();
  await page.getByText('已同意借款合同条款：').waitFor();

  phase('applied');
  // The reviewer finds it in the queue with the scorecard's points and approves it.
  const reviewer = await watchedPage();
  await signInFor(reviewer.page, '/reviews', 'reviewer', 'Reviewer-local-2026!');
  const application = reviewer.page.locator('li.card', { has: reviewer.page.getByRole('heading', { name: new RegExp(loanId) }) });
  await eventually(async () => {
    await reviewer.page.reload();
    await reviewer.page.getByRole('heading', { name: '审核队列' }).waitFor();
    await reviewer.page.locator('li.card, main p').first().waitFor();
    return (await application.count()) > 0 ? true : undefined;
  }, 'the application in the queue', 30_000);
  await application.getByRole('table').getByRole('cell').first().waitFor();
  await checkPage(reviewer.page, 'reviews');
  await application.getByRole('button', { name: '批准' }).click();
  await application.waitFor({ state: 'detached' });
  phase('approved');
  // Two investors (verified already) take the questionnaire and deposit; one bids a part, the other the remaining amount.
  const [first, second] = await Promise.all([customer(twin, documents, { roles: ['investor'] }), customer(twin, documents, { roles: ['investor'] })]);
  const firstInvestor = await watchedPage(first.token);
  await questionnaire(firstInvestor.page);
  await deposit(firstInvestor.page, '100.13', '失败');
  await checkPage(firstInvestor.page, 'account');
  await deposit(firstInvestor.page, '4000.00', '已确认');
  await firstInvestor.page.goto(`${twin.apiUrl}/listings/${loanId}`);
  await firstInvestor.page.getByLabel('投标金额（元）').fill('4000.00');
  await firstInvestor.page.getByRole('button', { name: '投标', exact: true }).click();
  await expect(bidOutcome(firstInvestor.page)).resolves.toContain('投标成功');
  const secondInvestor = await watchedPage(second.token);
  await questionnaire(secondInvestor.page);
  await deposit(secondInvestor.page, '6000.00', '已确认');
  await secondInvestor.page.goto(`${twin.apiUrl}/listings/${loanId}`);
  await secondInvestor.page.getByRole('button', { name: '投剩余全部金额' }).click();
  await expect(secondInvestor.page.getByLabel('投标金额（元）').inputValue()).resolves.toBe('6000.00');
  await secondInvestor.page.getByRole('button', { name: '投标', exact: true }).click();
  await expect(bidOutcome(secondInvestor.page)).resolves.toContain('投标成功');

  phase('investors funded and bid');
  // Disbursed: the borrower's loan shows its schedule and the contract as signed.
  await page.getByRole('link', { name: '我的借款' }).click();
  // The page shows the loan as it is when read: it is opened once the workflow has disbursed the loan.
  await eventually(async () => ((await loanItem(twin, documents, loanId)).status === 'REPAYING' ? true : undefined), `${loanId} to be disbursed`, 150_000);
  await page.getByRole('link', { name: loanId }).click();
  await page.getByTestId('contract-status').waitFor();
  await expect(page.getByTestId('contract-status').textContent()).resolves.toContain('合同已签署');
  await expect(page.getByTestId('due-now').textContent()).resolves.toBe('¥0.00');
  const firstDue = await page.getByRole('table', { name: '还款计划' }).locator('tbody tr').first().locator('td').nth(1).textContent();
  await checkPage(page, 'loan');

  phase('disbursed, contract signed');
  // The developer panel moves the clock to the first due date's morning, before the auto-debit.
  const panel = await watchedPage();
  await panel.page.goto(`${twin.apiUrl}/developer#secret=${twin.controlSecret}`);
  await panel.page.getByLabel('前进到（北京时间）').fill(`${firstDue}T08:00`);
  await panel.page.getByRole('button', { name: '前进到此时间' }).click();
  await panel.page.getByRole('status').getByText('孪生时钟当前时间').waitFor();

  phase('clock moved');
  // A month on, the borrower's session has expired: sign in again and come back to the loan; repay what is due.
  await page.reload();
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('用户名').fill(borrower.username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${twin.apiUrl}/loans/${loanId}`);
  await page.getByTestId('due-now').filter({ hasNotText: '¥0.00' }).waitFor();
  await page.getByRole('button', { name: '归还当前应还' }).click();
  await page.getByRole('table', { name: '还款记录' }).getByRole('cell', { name: '已确认' }).waitFor();
  await expect(page.getByRole('table', { name: '还款计划' }).locator('tbody tr').first().textContent()).resolves.toContain('已还清');

  phase('repaid and confirmed');
  // The investors see the distribution in their holdings (with a token of the twin's new day).
  const holdings = await watchedPage((await signedIn(twin, first.userId, ['investor'])).token);
  await holdings.page.goto(`${twin.apiUrl}/holdings`);
  const holding = holdings.page.getByRole('row', { name: new RegExp(loanId) });
  await holding.waitFor();
  await expect(holding.getByRole('cell').nth(4).textContent()).resolves.not.toBe('¥0.00');
  await checkPage(holdings.page, 'holdings');
  // The investor's other pages: bids, portfolio, and an auto-bid plan refused at its fields.
  await holdings.page.getByRole('link', { name: '我的投标' }).click();
  await holdings.page.getByRole('link', { name: loanId }).waitFor();
  await checkPage(holdings.page, 'bids');
  await holdings.page.getByRole('link', { name: '投资组合' }).click();
  await holdings.page.getByText('借款笔数').first().waitFor();
  await checkPage(holdings.page, 'portfolio');
  await holdings.page.getByRole('link', { name: '自动投标' }).click();
  await holdings.page.getByRole('button', { name: '新建计划' }).click();
  await holdings.page.locator('.field-error').first().waitFor();
  await expect(holdings.page.getByText('暂无自动投标计划').count()).resolves.toBe(1);
  await checkPage(holdings.page, 'auto-bid-plans');

  phase('holdings');

  // The auditor opens the audit trail and sees it verified.
  const auditor = await watchedPage();
  await signInFor(auditor.page, '/audit', 'auditor', 'Auditor-local-2026!');
  await expect(auditor.page.getByTestId('audit-verified').textContent()).resolves.toBe('哈希链验证通过');
  await checkPage(auditor.page, 'audit');
  phase('audit');
  console.log(`website journey: ${Date.now() - started} ms (${phases.join(', ')})`);
  expect([...failures, ...firstInvestor.failures, ...secondInvestor.failures, ...panel.failures, ...holdings.failures, ...reviewer.failures, ...auditor.failures]).toEqual([]);
  for (const { page: open } of [firstInvestor, secondInvestor, panel, holdings, reviewer, auditor]) await open.context().close();
  await page.context().close();
  // Two to four minutes on a quiet machine (docs/website.md); more beside other test files on two cores.
}, 480_000);
