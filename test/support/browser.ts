/**
 * The website's browser tests' shared parts: Debian's chromium through playwright-core (no browser
 * download), a page that records what must not happen, the check every page passes (axe at
 * 1280 × 800, screenshots at both widths, no horizontal scroll at 375 × 812), and signing in.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from './twin-process';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumHere = existsSync(chromiumPath);
if (!chromiumHere) console.warn(`SKIPPED: no browser at ${chromiumPath} (Debian package \`chromium\`; .ci/run installs it; or set CHROMIUM_PATH): the website is not tested`);

const screenshots = join(projectRoot, 'test-results', 'website');
export const desktop = { width: 1280, height: 800 };
export const phone = { width: 375, height: 812 };

export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshots, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A page that records what must not happen: a console error, an uncaught exception, a 5xx. */
export async function watchedPage(browser: Browser, token?: string): Promise<{ page: Page; failures: string[] }> {
  const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN' });
  // Signed in already (the sign-in page is tested on its own): the tab's token, as the site keeps it.
  if (token) await context.addInitScript(`sessionStorage.setItem('accessToken', ${JSON.stringify(token)})`);
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
export async function checkPage(page: Page, name: string): Promise<void> {
  // The site has no frames: axe runs in the page itself (legacy mode) instead of opening a blank page per check to
  // gather frames' results, a third of the time. Only violations are read, so only they are gathered in full.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] }).analyze();
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${name}: ${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: join(screenshots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(phone);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(screenshots, `${name}-375.png`), fullPage: true });
  await page.setViewportSize(desktop);
}

/** Opens `path` on the site at `origin`, which asks for a sign-in first; signs in there and comes back. */
export async function signInFor(page: Page, origin: string, path: string, username: string, password: string): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${origin}${path}`);
}
