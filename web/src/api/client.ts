/**
 * The site's one way to the API: openapi-fetch typed by schema.d.ts, which `npm run openapi`
 * generates from the route manifest. No request or response shape is written by hand here.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** Same origin as the site: on the twin the gateway, on AWS the front door's distribution. */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

let accessToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** The signed-in user's access token goes on every request; a 401 with a token means it expired. */
export function authorize(token: string | undefined, expired?: () => void): void {
  accessToken = token;
  onUnauthorized = expired;
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('authorization')) onUnauthorized?.();
    return response;
  },
};
api.use(bearer);

/** A fresh Idempotency-Key for the routes that require one (docs/api.md). */
export const idempotencyKey = () => ({ 'Idempotency-Key': crypto.randomUUID() });

/** An error answer as a problem document; the gateway's 401/404 bodies ({message}) become one too. */
export function asProblem(error: unknown, status: number): Problem {
  if (error && typeof error === 'object' && 'status' in error && 'type' in error) return error as Problem;
  const detail = error && typeof error === 'object' && 'message' in error ? String(error.message) : undefined;
  return { type: 'about:blank', title: '', status, ...(detail ? { detail } : {}) };
}
