/**
 * What the route pipeline (functions/http/route-handler.ts) talks to: the idempotency
 * store (DynamoDB) and the clock.
 */
import * as idempotencyStore from '../adapters/dynamodb/idempotency-store';
import { now } from '../adapters/runtime/clock';

export { idempotencyStore, now };
