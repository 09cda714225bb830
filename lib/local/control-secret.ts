/**
 * The twin's control secret: a fresh random value per start that every twin control
 * surface asks for (the gateway's /_twin/ routes, the bank simulator's /_twin/bank/
 * routes, and, as the secret access key of AWS Signature V4, the Cognito endpoint's
 * admin operations). `npm start` prints it and writes it to `<data>/twin-secret`
 * (a temporary folder with --in-memory), readable by the user only.
 *
 * A control request is refused, before anything else is read, unless it names a
 * loopback Host (no DNS rebinding), carries no Origin but the twin's own (no web page
 * can drive it), sends its body as application/json (no form or text/plain
 * cross-site POST) and carries the secret in `x-twin-secret`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const controlSecretHeader = 'x-twin-secret';

export interface ControlSecret {
  readonly value: string;
  /** The file holding it (mode 0600). */
  readonly file: string;
  /** Removes the temporary folder of an in-memory twin; keeps a data folder's file for the next start to replace. */
  remove(): Promise<void>;
}

/** A new secret for this start, written to `<dataDir>/twin-secret` or to a temporary folder. */
export async function newControlSecret(dataDir: string | undefined): Promise<ControlSecret> {
  const value = randomBytes(32).toString('base64url');
  const folder = dataDir ?? (await mkdtemp(join(tmpdir(), 'twin-secret-')));
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'twin-secret');
  // A new file renamed over the old one: its mode is 0600 whatever the old one's was.
  await writeFile(`${file}.tmp`, `${value}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return { value, file, remove: async () => (dataDir ? undefined : rm(folder, { recursive: true, force: true })) };
}

export interface ControlRefusal {
  readonly status: 403 | 415;
  readonly detail: string;
}

const loopbackHostPattern = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

/** Whether the request names a loopback Host (a page that rebinds its own name to 127.0.0.1 does not). */
export const isLoopbackHost = (host: string): boolean => loopbackHostPattern.test(host);
export const namesLoopbackHost = (request: IncomingMessage): boolean => isLoopbackHost(request.headers.host ?? '');

/** Why a control request is refused, or undefined when it may be served. */
export function controlRefusal(request: IncomingMessage, secret: string, body: Buffer | string): ControlRefusal | undefined {
  const host = request.headers.host ?? '';
  if (!namesLoopbackHost(request)) return { status: 403, detail: 'twin controls answer a loopback Host only (localhost, 127.0.0.1, [::1])' };
  const origin = request.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) return { status: 403, detail: 'twin controls refuse cross-origin requests' };
  if (body.length > 0 && mediaType(request) !== 'application/json') return { status: 415, detail: 'a twin control body is application/json' };
  const given = Buffer.from(String(request.headers[controlSecretHeader] ?? ''));
  const expected = Buffer.from(secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 403, detail: `twin controls need the twin's secret in the ${controlSecretHeader} header (printed by npm start, kept in <data>/twin-secret)` };
  }
  return undefined;
}

function mediaType(request: IncomingMessage): string {
  return String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
