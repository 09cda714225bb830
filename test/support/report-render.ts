/**
 * The disclosure report (report.html) rendered by Debian's headless `chromium`: a
 * screenshot (PNG) and the DOM after its scripts ran (--dump-dom), with Chromium's
 * stderr, where console errors and uncaught exceptions show. Shared by the disclosure
 * tests; they skip the render when the binary is missing (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the `chromium` binary runs here. */
export function chromiumAvailable(): boolean {
  const available = spawnSync('chromium', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!available) console.warn('SKIPPED: the `chromium` binary is missing (Debian package `chromium`; .ci/run installs it): the disclosure report is not rendered');
  return available;
}

/**
 * Renders the report at `report` (a file path) to a 1280×2000 screenshot and dumps its DOM;
 * expects no console error, the four SVG charts (volume, outstanding, overdue by bucket,
 * vintage curves) with their lines, and a PNG that is not blank. Returns the PNG's path.
 */
export function expectReportRendered(report: string): string {
  const work = mkdtempSync(join(tmpdir(), 'disclosure-render-'));
  const screenshot = join(work, 'report.png');
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', `--user-data-dir=${join(work, 'profile')}`];
  const shot = spawnSync('chromium', [...flags, `--screenshot=${screenshot}`, '--window-size=1280,2000', `file://${report}`], { encoding: 'utf8', timeout: 90_000 });
  expect(shot.status).toBe(0);
  expect(shot.stderr).not.toMatch(/Uncaught|ERROR:CONSOLE/);
  const png = readFileSync(screenshot);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.byteLength).toBeGreaterThan(20_000);
  expect(new Set(png.subarray(8)).size).toBeGreaterThan(200);

  const dom = spawnSync('chromium', [...flags, '--dump-dom', `file://${report}`], { encoding: 'utf8', timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
  expect(dom.status).toBe(0);
  expect(dom.stderr).not.toMatch(/Uncaught|ERROR:CONSOLE/);
  for (const id of ['chart-volume', 'chart-outstanding', 'chart-overdue', 'chart-vintage']) expect(dom.stdout).toContain(`<svg id="${id}"`);
  expect((dom.stdout.match(/<polyline /g) ?? []).length).toBeGreaterThanOrEqual(3);
  return screenshot;
}
