/** GET /v1/health: each part's status. 200 when all answer, 503 otherwise. */
import { workflows } from '../manifest/workflows';
import { now } from '../adapters/runtime/clock';
import { custodianBankHealth, describePlatformTable, describeWorkflow } from '../composition/read-models';
import type { HealthReport } from '../api/schemas/common';
import { getHealthRoute } from '../api/routes/platform';
import { routeHandler } from './route-handler';

type Part = HealthReport['parts'][string];

async function probe(expected: string, check: () => Promise<{ status: string }>): Promise<Part> {
  try {
    const { status } = await check();
    return status === expected ? { status: 'ok' } : { status: 'down', detail: status };
  } catch (error) {
    return { status: 'down', detail: error instanceof Error ? error.name : 'unreachable' };
  }
}

export const handler = routeHandler(getHealthRoute, async () => {
  const checks: Array<[string, Promise<Part>]> = [
    ['table', probe('ACTIVE', describePlatformTable)],
    ...workflows.map((workflow): [string, Promise<Part>] => [`workflow:${workflow.name}`, probe('ACTIVE', () => describeWorkflow(workflow.name))]),
    ['custodian-bank', probe('ok', custodianBankHealth)],
  ];
  const parts = Object.fromEntries(await Promise.all(checks.map(async ([name, part]) => [name, await part] as const)));
  const healthy = Object.values(parts).every((part) => part.status === 'ok');
  const report: HealthReport = { status: healthy ? 'ok' : 'degraded', time: now().toISOString(), parts };
  return { status: healthy ? 200 : 503, body: report, headers: { 'cache-control': 'no-store' } };
});
