/**
 * Stream consumer `notices` (functions/manifest/streams.ts): the notices each change of the
 * table makes, recorded once in the user's inbox and sent by their preferences
 * (functions/application/notices.ts). A record that cannot be handled is reported; it and
 * those after it come again (each notice is recorded once by its id).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { now } from '../adapters/runtime/clock';
import { plainImage, type StreamChange } from '../application/audit-trail';
import { recordNoticesOfChanges } from '../application/notices';
import { notices } from '../composition/notices';

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = ((event.Records ?? []) as readonly StreamChange[]).map((record) => {
    const keys = plainImage(record.dynamodb?.Keys);
    const before = plainImage(record.dynamodb?.OldImage);
    const after = plainImage(record.dynamodb?.NewImage);
    const change = typeof keys?.pk === 'string' && typeof keys.sk === 'string' ? { pk: keys.pk, sk: keys.sk, ...(before ? { before } : {}), ...(after ? { after } : {}) } : undefined;
    return { sequenceNumber: record.dynamodb?.SequenceNumber ?? '', change };
  });
  const { redeliverFrom } = await recordNoticesOfChanges(notices, records, now());
  return { batchItemFailures: redeliverFrom === undefined ? [] : [{ itemIdentifier: redeliverFrom }] };
};
