/**
 * What the route pipeline (functions/http/route-handler.ts) talks to: the idempotency
 * store (DynamoDB), the key of its request fingerprints, and the clock.
 */
import * as idempotencyStore from '../adapters/dynamodb/idempotency-store';
import { now } from '../adapters/runtime/clock';
import { config } from '../settings/settings';

const idempotencyFingerprintKey = (): string => config.idempotencyFingerprintKey();

export { idempotencyFingerprintKey, idempotencyStore, now };
