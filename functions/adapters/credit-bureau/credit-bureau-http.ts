/**
 * A real credit bureau (征信) over HTTPS, kept thin like the identity-verification adapter
 * (../identity/identity-verification-http.ts, whose request signing it shares): one signed
 * POST {endpoint}/v1/credit-reports with {"subjectReference": <the platform's userId>} per
 * report. Where it is, and as whom the platform asks, are filled by operators:
 * - the https base URL in the SSM parameter named by CREDIT_BUREAU_ENDPOINT_PARAMETER;
 * - {"appKey", "appSecret"} in the secret CREDIT_BUREAU_CREDENTIALS_SECRET_ARN.
 * Until both are filled the first report fails with an error that names the setting (and
 * the parameter or secret) to fill. Nothing is logged; errors name the status, never the subject.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { now } from '../runtime/clock';
import { signProviderRequest, type ProviderCredentials } from '../identity/identity-verification-http';
import type { CreditBureau, CreditReport } from '../../application/ports/origination-credit-bureau';

/** The value the stack gives the endpoint parameter and the credentials' appKey until operators fill them. */
export const notYetFilled = 'set-by-operator';

const reportPath = '/v1/credit-reports';
const timeoutMs = 8_000;

const fen = z.number().int().min(0);
const bureauAnswer = z.object({
  creditHistoryMonths: z.number().int().min(0),
  otherPlatformsOutstandingFen: fen,
  overdueCount24m: z.number().int().min(0),
  maxOverdueDays: z.number().int().min(0),
  currentOverdueFen: fen,
  dishonestDebtor: z.boolean(),
});
const credentialsShape = z.object({ appKey: z.string().min(1), appSecret: z.string().min(16) });

/** A setting whose value operators have not provided yet: the message says which, and where. */
export class SettingNotProvidedError extends Error {
  constructor(
    readonly setting: string,
    where: string,
  ) {
    super(`configuration ${setting}: ${where}`);
    this.name = 'SettingNotProvidedError';
  }
}

export interface HttpCreditBureauOptions {
  readonly endpointParameter: string;
  readonly credentialsSecretArn: string;
  /** For tests: the parameter's value, the secret's value and fetch, without AWS or network. */
  readonly readParameter?: (name: string) => Promise<string | undefined>;
  readonly readSecret?: (arn: string) => Promise<string | undefined>;
  readonly fetch?: typeof fetch;
}

// The SDK clients load at the first report: a handler that only imports this module (or a
// deployment whose bureau is the simulator) does not load them at init.
async function parameterFromSsm(name: string): Promise<string | undefined> {
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({});
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } finally {
    ssm.destroy();
  }
}

async function secretFromSecretsManager(arn: string): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const secrets = new SecretsManagerClient({});
  try {
    return (await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } finally {
    secrets.destroy();
  }
}

export function httpCreditBureau(options: HttpCreditBureauOptions): CreditBureau {
  const readParameter = options.readParameter ?? parameterFromSsm;
  const readSecret = options.readSecret ?? secretFromSecretsManager;
  const send = options.fetch ?? fetch;

  const loadEndpoint = async (): Promise<URL> => {
    const value = (await readParameter(options.endpointParameter))?.trim() ?? '';
    const unfilled = new SettingNotProvidedError(
      'CREDIT_BUREAU_ENDPOINT_PARAMETER',
      `set the SSM parameter ${options.endpointParameter} to the credit bureau's https base URL (it holds ${JSON.stringify(value)})`,
    );
    if (value === '' || value === notYetFilled) throw unfilled;
    let endpoint: URL;
    try {
      endpoint = new URL(reportPath, value);
    } catch {
      throw unfilled;
    }
    if (endpoint.protocol !== 'https:' && endpoint.hostname !== '127.0.0.1' && endpoint.hostname !== 'localhost') throw unfilled;
    return endpoint;
  };
  const loadCredentials = async (): Promise<ProviderCredentials> => {
    const parsed = credentialsShape.safeParse(JSON.parse((await readSecret(options.credentialsSecretArn)) ?? '{}'));
    if (!parsed.success || parsed.data.appKey === notYetFilled) {
      throw new SettingNotProvidedError(
        'CREDIT_BUREAU_CREDENTIALS_SECRET_ARN',
        `set the secret ${options.credentialsSecretArn} to the credit bureau's {"appKey", "appSecret"}`,
      );
    }
    return parsed.data;
  };

  let settings: Promise<{ endpoint: URL; credentials: ProviderCredentials }> | undefined;
  return {
    report: async ({ userId }): Promise<CreditReport> => {
      settings ??= Promise.all([loadEndpoint(), loadCredentials()]).then(([endpoint, credentials]) => ({ endpoint, credentials }));
      // A failed load (not yet filled, a throttled read) is tried again by the next report.
      settings.catch(() => (settings = undefined));
      const { endpoint, credentials } = await settings;
      const body = JSON.stringify({ subjectReference: userId });
      const timestamp = String(Math.floor(now().getTime() / 1000));
      const nonce = randomUUID();
      const response = await send(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-app-key': credentials.appKey,
          'x-timestamp': timestamp,
          'x-nonce': nonce,
          'x-signature': signProviderRequest(credentials, endpoint.pathname, timestamp, nonce, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`the credit bureau answered ${response.status}`);
      const parsed = bureauAnswer.safeParse(await response.json());
      if (!parsed.success) throw new Error('the credit bureau answered in an unknown shape');
      return parsed.data;
    },
  };
}
