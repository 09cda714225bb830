/**
 * A real identity-verification provider over HTTPS (运营商/银联 four-element check plus
 * face comparison, as the usual Chinese providers offer it), kept thin: one signed
 * POST per check. The provider's app key and secret live in a Secrets Manager secret
 * ({"appKey", "appSecret"}). Each request carries x-app-key, x-timestamp, x-nonce and
 * x-signature = base64 HMAC-SHA256(appSecret, "POST\n{path}\n{timestamp}\n{nonce}\n{hex SHA-256 of the body}").
 * The answer is {"result": "PASS" | "FAIL", "reasons": [...], "reference", "faceScore"?}.
 * Nothing is logged; errors name the status, never the request.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { verificationRejectionReasons, type VerificationRejectionReason } from '../../core/identity-claim';
import { now } from '../runtime/clock';
import type { IdentityCheckRequest, IdentityCheckResult, IdentityVerifier } from '../../application/ports/origination-identity';

export interface ProviderCredentials {
  readonly appKey: string;
  readonly appSecret: string;
}

const providerAnswer = z.object({
  result: z.enum(['PASS', 'FAIL']),
  reasons: z.array(z.string()).optional(),
  reference: z.string().min(1).max(200),
  faceScore: z.number().min(0).max(100).optional(),
});
const credentialsShape = z.object({ appKey: z.string().min(1), appSecret: z.string().min(16) });

const checkPath = '/v1/identity-checks';
const timeoutMs = 8_000;

export function signProviderRequest(credentials: ProviderCredentials, path: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHmac('sha256', credentials.appSecret).update(`POST\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`, 'utf8').digest('base64');
}

function requestBody(request: IdentityCheckRequest): string {
  const { claim, faceToken } = request;
  const face = faceToken === undefined ? {} : { faceToken };
  return JSON.stringify(
    claim.kind === 'personal'
      ? { type: 'PERSON', name: claim.realName, idNumber: claim.idNumber, mobile: claim.phone, bankCard: claim.bankCard, ...face }
      : {
          type: 'ENTERPRISE',
          companyName: claim.companyName,
          creditCode: claim.creditCode,
          legalRepresentative: { name: claim.legalRepresentative.name, idNumber: claim.legalRepresentative.idNumber },
          mobile: claim.phone,
          bankCard: claim.bankCard,
          ...face,
        },
  );
}

const known = new Set<string>(verificationRejectionReasons);

export function httpIdentityVerifier(options: {
  readonly url: string;
  readonly credentialsSecretArn?: string;
  /** For tests: credentials and fetch without AWS or network. */
  readonly credentials?: () => Promise<ProviderCredentials>;
  readonly fetch?: typeof fetch;
}): IdentityVerifier {
  const endpoint = new URL(checkPath, options.url);
  if (endpoint.protocol !== 'https:' && endpoint.hostname !== '127.0.0.1' && endpoint.hostname !== 'localhost') {
    throw new Error('configuration IDENTITY_VERIFICATION_URL must be https');
  }
  let credentials: Promise<ProviderCredentials> | undefined;
  const loadCredentials =
    options.credentials ??
    (async () => {
      // Loaded at the first check, not at init: most handlers that import this module never check.
      const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      const secrets = new SecretsManagerClient({});
      try {
        const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: options.credentialsSecretArn }));
        return credentialsShape.parse(JSON.parse(SecretString ?? '{}'));
      } finally {
        secrets.destroy();
      }
    });
  const send = options.fetch ?? fetch;

  return {
    provider: `http:${endpoint.host}`,
    check: async (request): Promise<IdentityCheckResult> => {
      credentials ??= loadCredentials();
      credentials.catch(() => (credentials = undefined));
      const secret = await credentials;
      const body = requestBody(request);
      const timestamp = String(Math.floor(now().getTime() / 1000));
      const nonce = randomUUID();
      const response = await send(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-app-key': secret.appKey,
          'x-timestamp': timestamp,
          'x-nonce': nonce,
          'x-signature': signProviderRequest(secret, endpoint.pathname, timestamp, nonce, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`the identity-verification provider answered ${response.status}`);
      const parsed = providerAnswer.safeParse(await response.json());
      if (!parsed.success) throw new Error('the identity-verification provider answered in an unknown shape');
      const answer = parsed.data;
      const face = answer.faceScore === undefined ? {} : { faceMatchScore: answer.faceScore };
      if (answer.result === 'PASS') return { confirmed: true, reference: answer.reference, ...face };
      const reasons = [...new Set((answer.reasons ?? []).map((reason): VerificationRejectionReason => (known.has(reason) ? (reason as VerificationRejectionReason) : 'PROVIDER_REJECTED')))];
      return { confirmed: false, reference: answer.reference, reasons: reasons.length ? reasons : ['PROVIDER_REJECTED'], ...face };
    },
  };
}
