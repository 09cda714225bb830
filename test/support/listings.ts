/**
 * Helpers for listing and bidding tests against a running twin: loans driven through
 * the origination workflow to LISTED (the application route comes separately, so the
 * loan item is written straight into DynamoDB Local and its review task approved
 * through client-sfn), and suitable investors with confirmed deposits.
 */
import { randomUUID } from 'node:crypto';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand, DescribeExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customer, depositConfirmed, signedIn, tableClient, type Customer } from './custody';
import { eventually, twinForThisFile, type RunningTwin } from './twin-process';

export const stateMachineArn = 'arn:aws:states:local:000000000000:stateMachine:loan-origination';
export const executionArn = (loanId: string) => `arn:aws:states:local:000000000000:execution:loan-origination:${loanId}`;

export function sfnClient(twin: RunningTwin): SFNClient {
  return new SFNClient({ endpoint: twin.stepFunctionsUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: twin.controlSecret } });
}

export async function loanItem(twin: RunningTwin, documents: DynamoDBDocumentClient, loanId: string): Promise<Record<string, any>> {
  const { Item } = await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, ConsistentRead: true }));
  if (!Item) throw new Error(`no loan ${loanId}`);
  return Item;
}

async function pendingToken(twin: RunningTwin, documents: DynamoDBDocumentClient, loanId: string, decision: 'REVIEW' | 'SUBSCRIPTION'): Promise<string> {
  return eventually(async () => {
    const { Item } = await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, ConsistentRead: true }));
    return Item?.pendingDecision?.decision === decision ? (Item.pendingDecision.taskToken as string) : undefined;
  }, `${loanId} waiting on ${decision}`);
}

export interface ListingTerms {
  readonly borrowerId: string;
  readonly amountFen: number;
  readonly grade: 'A' | 'B' | 'C' | 'D' | 'E';
  readonly termMonths?: number;
  readonly annualRate?: string;
  readonly method?: string;
  /** Whether the borrower accepts the agreement's terms (the consent route) before the workflow starts; default true. */
  readonly borrowerConsents?: boolean;
}

/** The borrower reads the loan's contract terms and accepts them through the consent route (as the website does after applying). */
export async function borrowerConsent(twin: RunningTwin, loanId: string, borrowerId: string): Promise<{ termsHash: string; acceptedAt: string; requestId: string }> {
  const borrower = await signedIn(twin, borrowerId, ['borrower']);
  const terms = await borrower.get(`/v1/loans/${loanId}/contract/terms`);
  if (terms.status !== 200) throw new Error(`the terms of ${loanId}: ${terms.status} ${JSON.stringify(terms.body)}`);
  const accepted = await borrower.post(`/v1/loans/${loanId}/contract/consent`, { termsHash: terms.body.termsHash });
  if (accepted.status !== 201) throw new Error(`the consent to ${loanId}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body;
}

/** A loan approved with `grade` and listed: the workflow is parked on the subscription wait. */
export async function listedLoan(
  twin: RunningTwin,
  documents: DynamoDBDocumentClient,
  sfn: SFNClient,
  terms: ListingTerms,
  /** 'listed-or-funded': auto-bids may fill the listing as it opens, so the workflow may never wait for bids. */
  until: 'waiting-for-bids' | 'listed-or-funded' = 'waiting-for-bids',
): Promise<string> {
  const loanId = `loan-${randomUUID()}`;
  const createdAt = new Date().toISOString();
  await documents.send(
    new PutCommand({
      TableName: twin.tableName,
      Item: {
        pk: `LOAN#${loanId}`,
        sk: 'LOAN',
        loanId,
        borrowerId: terms.borrowerId,
        amountFen: terms.amountFen,
        termMonths: terms.termMonths ?? 12,
        annualRate: terms.annualRate ?? '0.12',
        method: terms.method ?? 'EQUAL_INSTALLMENT',
        purposeCategory: 'WORKING_CAPITAL',
        purpose: 'working capital',
        status: 'APPLIED',
        createdAt,
        updatedAt: createdAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  if (terms.borrowerConsents ?? true) await borrowerConsent(twin, loanId, terms.borrowerId);
  await sfn.send(new StartExecutionCommand({ stateMachineArn, name: loanId, input: JSON.stringify({ loanId }) }));
  const reviewToken = await pendingToken(twin, documents, loanId, 'REVIEW');
  await sfn.send(new SendTaskSuccessCommand({ taskToken: reviewToken, output: JSON.stringify({ decision: 'APPROVED', grade: terms.grade }) }));
  if (until === 'waiting-for-bids') await pendingToken(twin, documents, loanId, 'SUBSCRIPTION');
  else await eventually(async () => ((await loanItem(twin, documents, loanId)).listedAt ? true : undefined), `${loanId} to be listed`);
  return loanId;
}

export async function finishedExecution(sfn: SFNClient, loanId: string, timeoutMs = 20_000): Promise<DescribeExecutionCommandOutput> {
  return eventually(
    async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(loanId) }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    `${loanId} to finish`,
    timeoutMs,
  );
}

/** Writes a risk assessment on the profile (the questionnaire route is tested on its own). */
export async function assessed(twin: RunningTwin, documents: DynamoDBDocumentClient, userId: string, level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5'): Promise<void> {
  const assessedAt = new Date().toISOString();
  await documents.send(
    new UpdateCommand({
      TableName: twin.tableName,
      Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
      UpdateExpression: 'SET riskAssessment = :summary',
      ExpressionAttributeValues: { ':summary': { level, questionnaireVersion: 'test', assessedAt, expiresAt: '2099-01-01T00:00:00.000Z' } },
    }),
  );
}

/** A verified investor with a valid assessment at `level` and a confirmed deposit of `deposit` yuan. */
export async function investor(
  twin: RunningTwin,
  documents: DynamoDBDocumentClient,
  options: { level?: 'C1' | 'C2' | 'C3' | 'C4' | 'C5'; deposit?: string; roles?: string[] } = {},
): Promise<Customer> {
  const who = await customer(twin, documents, { roles: options.roles ?? ['investor'] });
  await assessed(twin, documents, who.userId, options.level ?? 'C5');
  if (options.deposit !== undefined) await depositConfirmed(who, options.deposit);
  return who;
}

/** A twin for this test file with a client on its table and one on its Step Functions endpoint, closed after the file. */
export function twinWithClientsForThisFile(): { twin: RunningTwin; documents: DynamoDBDocumentClient; sfn: SFNClient } {
  const current = twinForThisFile();
  const clients = {} as { twin: RunningTwin; documents: DynamoDBDocumentClient; sfn: SFNClient };
  beforeAll(() => {
    clients.twin = current();
    clients.documents = tableClient(clients.twin);
    clients.sfn = sfnClient(clients.twin);
  });
  afterAll(() => {
    clients.documents?.destroy();
    clients.sfn?.destroy();
  });
  return clients;
}
