/**
 * Whether the custodian bank answers (its unsigned GET /v1/health), for the platform's
 * health report. Apart from ./custodian-bank.ts so the health function needs neither
 * the shared secret nor the Secrets Manager client.
 */
import { config } from '../../settings/settings';
import { bankHealth } from './protocol';

export async function custodianBankHealth(): Promise<{ status: string }> {
  const response = await fetch(`${config.custodianBankUrl().replace(/\/$/, '')}/v1/health`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) return { status: `HTTP ${response.status}` };
  return bankHealth.parse(await response.json());
}
