/**
 * Helpers for custody tests against a running twin: verified users (the profile's
 * `verification` written straight into DynamoDB Local until real-name verification
 * is exercised through its own route), tokens, deposits and withdrawals, the bank
 * simulator's twin controls, and the ledger's invariants read from the table.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventually, json, type RunningTwin } from './twin-process';

export function tableClient(twin: RunningTwin): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: twin.dynamoDbUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' } }),
  );
}

export async function tokenFor(twin: RunningTwin, userId: string, roles: string[]): Promise<string> {
  const { status, body } = await json(`${twin.apiUrl}/_twin/tokens`, { method: 'POST', body: JSON.stringify({ sub: userId, roles }) });
  if (status !== 200) throw new Error(`no token for ${userId}: ${status}`);
  return body.accessToken as string;
}

/** A profile whose real-name verification succeeded (created if it does not exist yet). */
export async function markVerified(documents: DynamoDBDocumentClient, twin: RunningTwin, userId: string, roles: string[]): Promise<void> {
  const verification = { status: 'VERIFIED', kind: 'personal', verifiedAt: new Date().toISOString(), masked: { name: '张*' }, birthDate: '1990-01-01' };
  const key = { pk: `USER#${userId}`, sk: 'PROFILE' };
  try {
    await documents.send(
      new PutCommand({
        TableName: twin.tableName,
        Item: { ...key, userId, username: userId, roles, createdAt: new Date().toISOString(), verification },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    await documents.send(
      new UpdateCommand({ TableName: twin.tableName, Key: key, UpdateExpression: 'SET verification = :verification', ExpressionAttributeValues: { ':verification': verification } }),
    );
  }
}

export interface Customer {
  readonly userId: string;
  readonly token: string;
  readonly get: (path: string) => Promise<{ status: number; headers: Headers; body: any }>;
  readonly post: (path: string, body: unknown, idempotencyKey?: string) => Promise<{ status: number; headers: Headers; body: any }>;
}

export async function customer(twin: RunningTwin, documents: DynamoDBDocumentClient, options: { verified?: boolean; roles?: string[] } = {}): Promise<Customer> {
  const userId = `user-${randomUUID()}`;
  const roles = options.roles ?? ['investor', 'borrower'];
  if (options.verified ?? true) await markVerified(documents, twin, userId, roles);
  return signedIn(twin, userId, roles);
}

/** A user with a fresh token (tokens last an hour on the twin's clock). */
export async function signedIn(twin: RunningTwin, userId: string, roles: string[] = ['investor', 'borrower']): Promise<Customer> {
  const token = await tokenFor(twin, userId, roles);
  const authorization = { authorization: `Bearer ${token}` };
  return {
    userId,
    token,
    get: (path) => json(`${twin.apiUrl}${path}`, { headers: authorization }),
    post: (path, body, idempotencyKey = `key-${randomUUID()}`) =>
      json(`${twin.apiUrl}${path}`, { method: 'POST', headers: { ...authorization, 'idempotency-key': idempotencyKey }, body: JSON.stringify(body) }),
  };
}

type Answer = Awaited<ReturnType<Customer['post']>>;

/**
 * Sends the same idempotent request `times` times at once. Those that arrive while the first
 * runs are told so (409 with Retry-After); each is asked again once all have answered, so the
 * result holds every request's final answer.
 */
export async function sentAtOnce(times: number, send: () => Promise<Answer>): Promise<{ answers: Answer[]; toldStillRunning: Answer[] }> {
  const atOnce = await Promise.all(Array.from({ length: times }, send));
  const toldStillRunning = atOnce.filter((answer) => answer.status === 409);
  const answers = [...atOnce.filter((answer) => answer.status !== 409), ...(await Promise.all(toldStillRunning.map(send)))];
  return { answers, toldStillRunning };
}

/** Waits until a deposit or withdrawal has left PENDING; returns it. */
export function settled(who: Customer, kind: 'deposits' | 'withdrawals', id: string): Promise<any> {
  return eventually(async () => {
    const { body } = await who.get(`/v1/me/${kind}/${id}`);
    return body?.status === 'PENDING' ? undefined : body;
  }, `${kind} ${id} to settle`);
}

/** A confirmed deposit of `amount` yuan. */
export async function depositConfirmed(who: Customer, amount: string): Promise<string> {
  const { status, body } = await who.post('/v1/me/deposits', { amount });
  if (status !== 202) throw new Error(`deposit refused: ${status} ${JSON.stringify(body)}`);
  const deposit = await settled(who, 'deposits', body.id);
  if (deposit.status !== 'CONFIRMED') throw new Error(`deposit ${body.id} ${deposit.status}`);
  return body.id as string;
}

export const bank = (twin: RunningTwin) => ({
  events: async (): Promise<any[]> => (await json(`${twin.bankUrl}/_twin/bank/events`)).body.events,
  subAccounts: async (): Promise<any[]> => (await json(`${twin.bankUrl}/_twin/bank/sub-accounts`)).body.subAccounts,
  hold: (hold: boolean) => json(`${twin.bankUrl}/_twin/bank/callbacks`, { method: 'POST', body: JSON.stringify({ hold }) }),
  deliver: (eventId: string) => json(`${twin.bankUrl}/_twin/bank/events/${eventId}/deliver`, { method: 'POST' }),
  adjust: (adjustment: { subAccountId: string; amount: string; direction: 'CREDIT' | 'DEBIT'; note?: string }) =>
    json(`${twin.bankUrl}/_twin/bank/adjustments`, { method: 'POST', body: JSON.stringify(adjustment) }),
});

/** Every ledger account in the table. */
export async function ledgerAccounts(twin: RunningTwin, documents: DynamoDBDocumentClient): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: twin.tableName, FilterExpression: 'begins_with(pk, :account)', ExpressionAttributeValues: { ':account': 'ACCOUNT#' }, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * The ledger's invariants: posted and pending amounts each sum to zero over all
 * accounts, no custody account is overdrawn, and the custodian-bank mirror holds
 * exactly what the bank holds in the users' sub-accounts and the platform's fee
 * account (fees taken at disbursement stay at the bank).
 */
export async function expectLedgerBalanced(twin: RunningTwin, documents: DynamoDBDocumentClient): Promise<void> {
  const items = await ledgerAccounts(twin, documents);
  expect(items.length).toBeGreaterThan(0);
  expect(items.reduce((sum, item) => sum + item.creditsPosted - item.debitsPosted, 0)).toBe(0);
  expect(items.reduce((sum, item) => sum + item.creditsPending - item.debitsPending, 0)).toBe(0);
  for (const item of items.filter((candidate) => String(candidate.account).startsWith('custody:'))) {
    expect({ account: item.account, available: item.available >= 0 }).toEqual({ account: item.account, available: true });
    expect(item.available).toBe(item.creditsPosted - item.debitsPosted - item.debitsPending);
  }
  const mirror = items.find((item) => item.account === 'platform:custodian-bank');
  const bankFen = (await bank(twin).subAccounts())
    .filter((account) => account.kind === 'USER' || account.kind === 'PLATFORM_FEES')
    .reduce((sum, account) => sum + Math.round(Number(account.balance.replace('.', ''))), 0);
  expect((mirror?.debitsPosted ?? 0) - (mirror?.creditsPosted ?? 0)).toBe(bankFen);
}
