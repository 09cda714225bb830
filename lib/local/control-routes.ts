/**
 * The twin-only control routes under /_twin/ (never deployed to AWS): the clock,
 * the schedules, access tokens from the local identity provider, the notifier's outbox,
 * and the metrics the code emitted (what CloudWatch would show on AWS); and, passed on to
 * the custodian-bank simulator, its own controls under /_twin/bank/ (so the website's
 * developer panel, on this origin only, reaches them too).
 */
import * as z from 'zod';
import { roles } from '../../functions/core/roles';
import { schedules } from '../../functions/manifest/schedules';
import { parseDuration, type TwinClock } from './clock';
import { controlSecretHeader } from './control-secret';
import type { ControlRequest, ControlRoutes } from './gateway';
import type { LocalIdentityProvider } from './identity';
import { nextOccurrence, type LocalScheduler } from './scheduler';
import type { SignalMetrics } from './signal-metrics';

const clockChange = z.union([
  z.object({ advance: z.string() }).strict(),
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
]);
const tokenRequest = z.object({ sub: z.string().min(1).max(128), roles: z.array(z.enum(roles)).min(1) }).strict();
const scheduleStateChange = z.object({ state: z.enum(['ENABLED', 'DISABLED']) }).strict();

const problem = (status: number, detail: string) => ({
  status,
  body: { type: 'about:blank', title: status === 404 ? 'Not Found' : 'Bad Request', status, detail },
});

export function controlRoutes(parts: {
  clock: TwinClock;
  scheduler: LocalScheduler;
  identity: LocalIdentityProvider;
  metrics: SignalMetrics;
  /** The bank simulator's address and the twin's secret, which its controls ask for too. */
  bank: { url: string; controlSecret: string };
}): ControlRoutes {
  const { clock, scheduler, identity, metrics, bank } = parts;
  return async ({ method, path, body }: ControlRequest) => {
    if (path.startsWith('/_twin/bank/')) {
      const response = await fetch(`${bank.url}${path}`, {
        method,
        headers: { [controlSecretHeader]: bank.controlSecret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    }
    if (path === '/_twin/clock' && method === 'GET') return { status: 200, body: { now: clock.now().toISOString() } };
    if (path === '/_twin/clock' && method === 'POST') {
      const change = clockChange.safeParse(body);
      if (!change.success) return problem(400, 'send {"advance": "P30D"} or {"set": "2027-01-01T00:00:00Z"}');
      try {
        const now = 'advance' in change.data ? await clock.advance(parseDuration(change.data.advance)) : await clock.set(new Date(change.data.set));
        return { status: 200, body: { now: now.toISOString() } };
      } catch (error) {
        return problem(400, (error as Error).message);
      }
    }
    if (path === '/_twin/schedules' && method === 'GET') {
      return {
        status: 200,
        body: {
          schedules: schedules.map((schedule) => ({ ...schedule, state: scheduler.stateOf(schedule.name), next: nextOccurrence(schedule, clock.now()).toISOString() })),
          recentFirings: scheduler.firings.slice(-50),
        },
      };
    }
    const one = /^\/_twin\/schedules\/([\w-]+)$/.exec(path);
    if (one && method === 'PUT') {
      const name = one[1] ?? '';
      if (!schedules.some((schedule) => schedule.name === name)) return problem(404, `no schedule ${name}`);
      const change = scheduleStateChange.safeParse(body);
      if (!change.success) return problem(400, 'send {"state": "ENABLED"} or {"state": "DISABLED"}');
      scheduler.setState(name, change.data.state);
      return { status: 200, body: { name, state: scheduler.stateOf(name) } };
    }
    const run = /^\/_twin\/schedules\/([\w-]+)\/run$/.exec(path);
    if (run && method === 'POST') {
      const name = run[1] ?? '';
      if (!schedules.some((schedule) => schedule.name === name)) return problem(404, `no schedule ${name}`);
      return { status: 200, body: await scheduler.runNow(name) };
    }
    if (path === '/_twin/metrics' && method === 'GET') return { status: 200, body: metrics.snapshot() };
    if (path === '/_twin/outbox' && method === 'GET') {
      // Imported when asked: the handlers' environment (table, endpoint) is set by then.
      const { readOutbox } = await import('../../functions/adapters/notifier/notifier');
      return { status: 200, body: { messages: await readOutbox() } };
    }
    if (path === '/_twin/tokens' && method === 'POST') {
      const request = tokenRequest.safeParse(body);
      if (!request.success) return problem(400, `send {"sub": "user-id", "roles": [${roles.map((role) => `"${role}"`).join(', ')}]}`);
      return { status: 200, body: { accessToken: await identity.issue(request.data.sub, request.data.roles), tokenType: 'Bearer' } };
    }
    return problem(404, `no twin control route ${method} ${path}`);
  };
}
