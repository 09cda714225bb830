/**
 * The twin's control routes (docs/twin.md, lib/local/control-routes.ts), for the developer
 * panel only: they are not part of the API, so not in the OpenAPI document, and never on
 * AWS. Each wants the twin's secret, which `npm start` prints, with the panel's address
 * carrying it in the fragment (`/developer#secret=…`, never sent to a server); the panel
 * keeps it for this tab only. The shapes below are the control routes' answers.
 */
export interface TwinSchedule {
  readonly name: string;
  readonly description: string;
  readonly cron: string;
  readonly timezone: string;
  readonly next: string;
}
export interface ScheduleFiring {
  readonly schedule: string;
  readonly scheduledTime: string;
  readonly outcome?: unknown;
  readonly error?: string;
}
export interface BankSubAccount {
  readonly subAccountId: string;
  readonly ownerRef: string;
  readonly kind: string;
  readonly balance: string;
  readonly frozen: string;
  readonly available: string;
}
export interface BankEvent {
  readonly eventId: string;
  readonly type: string;
  readonly instructionId: string;
  readonly createdAt: string;
  readonly status: 'QUEUED' | 'HELD' | 'DELIVERED' | 'GAVE_UP';
  readonly deliveries: readonly unknown[];
}
export interface OutboxMessage {
  readonly messageId: string;
  readonly recipientUserId: string;
  readonly purpose: string;
  readonly text: string;
  readonly sentAt: string;
}

const storageKey = 'twinSecret';

/** The secret from the address's fragment (then dropped from the address), or the one kept for this tab. */
export function twinSecret(): string | undefined {
  const fromFragment = /(?:^#|&)secret=([^&]+)/.exec(location.hash)?.[1];
  if (fromFragment) {
    sessionStorage.setItem(storageKey, decodeURIComponent(fromFragment));
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(storageKey) ?? undefined;
}

/** Whether this tab holds a twin secret: the navigation then shows the developer panel. */
export const hasTwinSecret = () => sessionStorage.getItem(storageKey) !== null;
export const keepTwinSecret = (secret: string) => sessionStorage.setItem(storageKey, secret);
export const forgetTwinSecret = () => sessionStorage.removeItem(storageKey);

/** An answer shaped like openapi-fetch's, so problem.tsx explains it the same way. */
export interface TwinResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response?: Response;
}

/** One control request; an answer that is not JSON means this is not a twin (on AWS the path is the site's page). */
export async function twin<T>(secret: string, path: string, body?: unknown): Promise<TwinResult<T>> {
  let response: Response;
  try {
    response = await fetch(`/_twin/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-twin-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return {};
  }
  if (!/json/.test(response.headers.get('content-type') ?? '')) return { response: new Response(null, { status: 404 }) };
  const answer: unknown = await response.json();
  return response.ok ? { data: answer as T, response } : { error: answer, response };
}
