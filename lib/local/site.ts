/**
 * The website on the twin: `npm start` builds web/ into web/dist when a source is newer
 * than the build (Vite, a second or two), and the gateway serves the build beside the
 * API, the way the front door's CloudFront does on AWS: a file when there is one, the
 * SPA's index.html for any other page path, and the site's security headers.
 */
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { siteHeaders } from '../site-headers';

/** The site's sources: what the build depends on besides node_modules. */
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];

async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  return Math.max(info.mtimeMs, ...(await Promise.all(entries.map((entry) => newestChange(join(path, entry))))));
}

/** Builds the site into web/dist unless the build is newer than every source; answers the build's folder. */
export async function builtSite(projectRoot: string, log: (line: string) => void = () => {}): Promise<string> {
  const output = join(projectRoot, 'web', 'dist');
  const built = (await stat(join(output, 'index.html')).catch(() => undefined))?.mtimeMs ?? 0;
  const changed = Math.max(...(await Promise.all(sources.map((source) => newestChange(join(projectRoot, source))))));
  if (built > changed) return output;
  const started = Date.now();
  const { build } = await import('vite');
  // Built aside and moved into place, so a twin starting meanwhile never serves half a build.
  const aside = `${output}.${process.pid}`;
  await build({ configFile: join(projectRoot, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir: aside, emptyOutDir: true } });
  await rm(output, { recursive: true, force: true });
  await rename(aside, output);
  log(`Built the website into ${output} in ${Date.now() - started} ms`);
  return output;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `pathname` from the built site: the file if there is one; index.html for a page
 * path (no file extension), which the SPA's router then shows; 404 for a missing file.
 */
export async function serveSite(siteDir: string, pathname: string, method: string, response: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
  } catch {
    relative = '';
  }
  const inside = relative !== '' && !relative.split(sep).includes('..');
  const file = inside ? await readFile(join(siteDir, relative)).catch(() => undefined) : undefined;
  const isPage = !file && extname(relative) === '';
  const body = file ?? (isPage ? await readFile(join(siteDir, 'index.html')) : undefined);
  if (!body) {
    response.writeHead(404, { ...siteHeaders, 'content-type': 'text/plain; charset=utf-8' });
    response.end(method === 'HEAD' ? undefined : 'Not Found');
    return;
  }
  const type = file ? (contentTypes[extname(relative)] ?? 'application/octet-stream') : contentTypes['.html'];
  // Vite names each asset by its content's hash: an asset never changes, a page always may.
  const caching = file && relative.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  response.writeHead(200, { ...siteHeaders, 'content-type': type ?? 'application/octet-stream', 'cache-control': caching, 'content-length': body.length });
  response.end(method === 'HEAD' ? undefined : body);
}
