/**
 * The custodian bank (资金存管): the port the platform's use cases call, and its HTTP
 * adapter, which signs every request with the secret shared with the bank (see
 * ../core/custody-signature.ts and ./custodian-bank-protocol.ts). The bank's URL and
 * the secret come from configuration: on AWS the secret is read from Secrets Manager
 * (cached for a few minutes per container); on the twin both are environment
 * variables the twin sets for its simulator.
 */
// Loaded when the secret is first read, not at init: many functions import this adapter and never read it (cold start).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { z } from 'zod';
import { IdempotencyConflictError } from '../../core/errors';
import { fen, formatYuan, parseYuan, toFen } from '../../core/money';
import { requestPayload, sign, signatureHeader, timestampHeader, unixSeconds } from '../../core/custody-signature';
import { now } from '../runtime/clock';
import { config } from '../../settings/settings';
import { custodianBankHealth } from './health';
import {
  bankError,
  bankStatement,
  freezeResponse,
  instructionAck,
  instructionState,
  subAccountResponse,
} from './protocol';
import type { Refusal, InstructionOutcome, CustodianBank } from '../../application/ports/custodian-bank';

export type { Refusal, InstructionOutcome, TransferLeg, CustodianBank } from '../../application/ports/custodian-bank';




/** The bank did not answer, or answered 5xx: nothing is known to have happened; retry with the same ids. */
export class CustodianBankUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustodianBankUnavailableError';
  }
}

const secretTtlMs = 5 * 60_000;
let cachedSecret: { value: string; until: number } | undefined;
let secretsClient: SecretsManagerClient | undefined;

/** The shared HMAC secret (also used to verify callbacks). */
export async function custodianBankSecret(): Promise<string> {
  const setting = config.custodianBankSecret();
  if (setting.kind === 'local') return setting.value;
  if (cachedSecret && cachedSecret.until > Date.now()) return cachedSecret.value;
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  secretsClient ??= new SecretsManagerClient({});
  const { SecretString } = await secretsClient.send(new GetSecretValueCommand({ SecretId: setting.value }));
  if (!SecretString) throw new Error('the custodian bank secret has no value');
  cachedSecret = { value: SecretString, until: Date.now() + secretTtlMs };
  return SecretString;
}

const yuan = (amountFen: number) => formatYuan(fen(amountFen));
export const fenOfYuan = (amount: string): number => toFen(parseYuan(amount));

interface BankResponse {
  readonly status: number;
  readonly body: unknown;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<BankResponse> {
  const rawBody = body === undefined ? '' : JSON.stringify(body);
  const timestamp = unixSeconds(now());
  const signature = sign(await custodianBankSecret(), requestPayload(timestamp, method, path, rawBody));
  let response: Response;
  try {
    response = await fetch(`${config.custodianBankUrl().replace(/\/$/, '')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', [timestampHeader]: timestamp, [signatureHeader]: signature },
      ...(method === 'POST' ? { body: rawBody } : {}),
      signal: AbortSignal.timeout(8_000),
    });
  } catch (error) {
    throw new CustodianBankUnavailableError(`the custodian bank did not answer ${method} ${path}: ${error instanceof Error ? error.name : 'unreachable'}`);
  }
  const text = await response.text();
  if (response.status >= 500) throw new CustodianBankUnavailableError(`the custodian bank answered ${response.status} to ${method} ${path}`);
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new CustodianBankUnavailableError(`the custodian bank answered ${method} ${path} with something other than JSON`);
  }
  // A 401 means our signature or clock is wrong: an operator problem, never a business refusal.
  if (response.status === 401) throw new Error(`the custodian bank refused the platform's signature on ${method} ${path}`);
  if (response.status === 409 && bankError.safeParse(parsed).data?.code === 'INSTRUCTION_ID_REUSED') {
    throw new IdempotencyConflictError(`custodian instruction ${path}`);
  }
  return { status: response.status, body: parsed };
}

function conforming<T extends z.ZodType>(schema: T, response: BankResponse, what: string): z.infer<T> {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) throw new CustodianBankUnavailableError(`the custodian bank's answer to ${what} does not follow the protocol`);
  return parsed.data;
}

function refusalOf(response: BankResponse): Refusal {
  const error = bankError.safeParse(response.body);
  return { accepted: false, code: error.data?.code ?? `HTTP_${response.status}`, message: error.data?.message ?? 'refused by the custodian bank' };
}

async function instruct(path: string, body: unknown): Promise<InstructionOutcome> {
  const response = await call('POST', path, body);
  if (response.status >= 400) return refusalOf(response);
  const ack = conforming(instructionAck, response, path);
  return { accepted: true, status: ack.status };
}

export const custodianBank: CustodianBank = {
  async openSubAccount(ownerRef) {
    const response = await call('POST', '/v1/sub-accounts', { ownerRef });
    if (response.status >= 400) throw new Error(`the custodian bank refused to open a sub-account: ${refusalOf(response).code}`);
    const account = conforming(subAccountResponse, response, 'open sub-account');
    return { subAccountId: account.subAccountId, openedAt: account.openedAt };
  },
  deposit: ({ instructionId, subAccountId, amountFen }) => instruct('/v1/deposits', { instructionId, subAccountId, amount: yuan(amountFen) }),
  withdraw: ({ instructionId, subAccountId, amountFen }) => instruct('/v1/withdrawals', { instructionId, subAccountId, amount: yuan(amountFen) }),
  async freeze({ instructionId, subAccountId, amountFen }) {
    const response = await call('POST', '/v1/freezes', { instructionId, subAccountId, amount: yuan(amountFen) });
    if (response.status >= 400) return refusalOf(response);
    conforming(freezeResponse, response, 'freeze');
    return { frozen: true };
  },
  async unfreeze(freezeId, instructionId) {
    const response = await call('POST', `/v1/freezes/${encodeURIComponent(freezeId)}/release`, { instructionId });
    if (response.status >= 400) return refusalOf(response);
    conforming(freezeResponse, response, 'release freeze');
    return { released: true };
  },
  transfer: ({ instructionId, purpose, legs }) =>
    instruct('/v1/transfers', {
      instructionId,
      purpose,
      legs: legs.map((leg) => ({ from: leg.from, to: leg.to, amount: yuan(leg.amountFen), ...(leg.freezeId !== undefined ? { freezeId: leg.freezeId } : {}) })),
    }),
  async instructionStatus(instructionId) {
    const path = `/v1/instructions/${encodeURIComponent(instructionId)}`;
    const response = await call('GET', path);
    if (response.status === 404 && refusalOf(response).code === 'UNKNOWN_INSTRUCTION') return undefined;
    if (response.status >= 400) throw new Error(`the custodian bank refused the status of ${instructionId}: ${refusalOf(response).code}`);
    const state = conforming(instructionState, response, path);
    return { status: state.status, reason: state.reason, executedAt: state.executedAt };
  },
  async statement(businessDate) {
    const response = await call('GET', `/v1/statements/${businessDate}`);
    if (response.status >= 400) {
      const refusal = refusalOf(response);
      throw new Error(`the custodian bank has no statement for ${businessDate}: ${refusal.code}`);
    }
    return conforming(bankStatement, response, 'statement');
  },
  health: custodianBankHealth,
};
