/**
 * The twin's stand-in for Lambda's DynamoDB event source mapping: polls DynamoDB
 * Local's stream of the platform table and hands each consumer of
 * functions/manifest/streams.ts its records in stream order, in batches of its size, as the
 * same event a Lambda function receives. A consumer that throws has its batch split
 * until the record at fault is found; one that reports batchItemFailures gets the
 * records from the first failed one again (with a growing pause), as on AWS; a record
 * that fails `maxAttempts` times is logged as a dead letter and skipped. Delivery is at
 * least once: consumers are idempotent.
 *
 * Polls follow each other while records flow; on a quiet stream the pause between polls
 * doubles from `pollMs` to `idlePollMs`, and `nudge()` (the twin calls it after every
 * function it runs: what writes the table) or `idle()` polls at once. An idle twin polled
 * every 100 ms cost a tenth of a core (DynamoDB Local and the twin, measured on 2 cores).
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumerDefinition } from '../../functions/manifest/streams';
import { localClient } from './dynamodb-local';
import type { LocalFunctions } from './functions';

export interface StreamRecordEvent {
  readonly Records: readonly Record<string, unknown>[];
}

interface ShardCursor {
  iterator: string | undefined;
}

/** Deliveries of one batch before it is parked, unless configured (Lambda retries longer; the twin need not). */
const defaultMaxAttempts = 10;

export class LocalTableStream {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardCursor>();
  /** The shard list is read at the start and again when a shard closes (its children follow it), not at every poll. */
  private shardsToDescribe = true;
  private streamArn: string | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  /** Who waits for the stream to drain, with the number of polls started when they began to wait. */
  private waiters: Array<{ readonly after: number; readonly resolve: () => void }> = [];
  private pollsStarted = 0;
  /** Ends the pause between polls early (someone waits for the stream to drain, or the table was written). */
  private wake: (() => void) | undefined;
  /** The next pause between polls that deliver nothing. */
  private pauseMs: number;
  readonly deadLetters: Array<{ consumer: string; sequenceNumber: string; error: string }> = [];

  constructor(
    private readonly options: {
      readonly endpoint: string;
      readonly tableName: string;
      readonly region: string;
      readonly consumers: readonly StreamConsumerDefinition[];
      readonly functions: LocalFunctions;
      /** The pause after a poll that delivered nothing, at first (default 100). */
      readonly pollMs?: number;
      /** The longest pause on a quiet stream (default 1000). */
      readonly idlePollMs?: number;
      /** Deliveries of one batch before it is parked (default 10). */
      readonly maxAttempts?: number;
    },
  ) {
    this.pauseMs = this.shortestPauseMs;
    this.streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' } });
  }

  async start(): Promise<void> {
    if (this.options.consumers.length === 0) return;
    const client = localClient(this.options.endpoint);
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: this.options.tableName }));
      this.streamArn = Table?.LatestStreamArn;
    } finally {
      client.destroy();
    }
    if (!this.streamArn) throw new Error(`table ${this.options.tableName} has no stream for its consumers`);
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.streams.destroy();
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  /** Something may have written the table: the pause between polls starts again from its shortest, and ends now. */
  nudge(): void {
    this.pauseMs = this.shortestPauseMs;
    this.wake?.();
  }

  private get shortestPauseMs(): number {
    return this.options.pollMs ?? 100;
  }

  private get longestPauseMs(): number {
    return Math.max(this.options.idlePollMs ?? 1000, this.shortestPauseMs);
  }

  /** Resolves once a poll finds the stream drained: every record so far was delivered to every consumer. Polls at once. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    // Only a poll that starts after this call can tell: one under way may have read before the latest writes.
    const drained = new Promise<void>((resolve) => this.waiters.push({ after: this.pollsStarted, resolve }));
    this.wake?.();
    return drained;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delivered = 0;
      const poll = (this.pollsStarted += 1);
      try {
        delivered = await this.pollOnce();
      } catch (error) {
        if (this.running) console.error(JSON.stringify({ level: 'ERROR', message: 'table stream poll failed', error: (error as Error).message }));
      }
      if (delivered === 0) {
        const satisfied = this.waiters.filter((waiter) => waiter.after < poll);
        this.waiters = this.waiters.filter((waiter) => waiter.after >= poll);
        for (const waiter of satisfied) waiter.resolve();
      }
      if (delivered > 0) this.pauseMs = this.shortestPauseMs;
      else if (this.running) {
        await new Promise<void>((resume) => {
          const timer = setTimeout(resume, this.pauseMs);
          this.wake = () => {
            clearTimeout(timer);
            resume();
          };
        });
        this.wake = undefined;
        this.pauseMs = Math.min(this.pauseMs * 2, this.longestPauseMs);
      }
    }
  }

  /**
   * One read of every open shard. DescribeStream only when the shard list may have changed: at the
   * start and after a shard closed (DynamoDB Streams opens a shard as the child of one that closes).
   * DynamoDB Local answers DescribeStream by going through the stream's records, so describing at
   * every poll made each poll dearer as the table's history grew. A poll that closed a shard reads
   * the children too before it reports, so "nothing delivered" still means caught up.
   */
  private async pollOnce(): Promise<number> {
    if (this.shardsToDescribe) {
      this.shardsToDescribe = false;
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
        const { ShardIterator } = await this.streams.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
        this.shards.set(shard.ShardId, { iterator: ShardIterator });
      }
    }
    let delivered = 0;
    for (const cursor of this.shards.values()) {
      if (!cursor.iterator) continue;
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 1000 }));
      const records = (page.Records ?? []).map((record) => this.asLambdaRecord(record));
      for (const consumer of this.options.consumers) await this.deliver(consumer, records);
      delivered += records.length;
      cursor.iterator = page.NextShardIterator;
      if (!cursor.iterator) this.shardsToDescribe = true;
    }
    return this.shardsToDescribe ? delivered + (await this.pollOnce()) : delivered;
  }

  private async deliver(consumer: StreamConsumerDefinition, records: readonly Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < records.length; start += consumer.batchSize) await this.deliverBatch(consumer, records.slice(start, start + consumer.batchSize));
  }

  /**
   * A thrown error splits the batch in two, each delivered on its own (as
   * bisectBatchOnError does), down to the one record at fault; a record reported as
   * failed is delivered again with those after it. A single record failing
   * `maxAttempts` times is parked as a dead letter and the rest flows on.
   */
  private async deliverBatch(consumer: StreamConsumerDefinition, batch: readonly Record<string, unknown>[]): Promise<void> {
    let pending = batch;
    let attempt = 0;
    while (pending.length > 0) {
      const { failedFrom, threw, error } = await this.invoke(consumer, pending);
      if (failedFrom === undefined) return;
      if (threw && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        await this.deliverBatch(consumer, pending.slice(0, half));
        await this.deliverBatch(consumer, pending.slice(half));
        return;
      }
      attempt = failedFrom > 0 ? 1 : attempt + 1;
      pending = pending.slice(failedFrom);
      if (attempt >= (this.options.maxAttempts ?? defaultMaxAttempts) || !this.running) {
        const parked = sequenceOf(pending[0] ?? {});
        this.deadLetters.push({ consumer: consumer.name, sequenceNumber: parked, error });
        console.error(JSON.stringify({ level: 'ERROR', message: 'stream record parked as a dead letter', consumer: consumer.name, sequenceNumber: parked, error }));
        pending = pending.slice(1);
        attempt = 0;
        continue;
      }
      await new Promise((wake) => setTimeout(wake, 50 * 2 ** Math.min(attempt, 6)));
    }
  }

  /** One invocation: the index of the first record to deliver again, if any. */
  private async invoke(consumer: StreamConsumerDefinition, batch: readonly Record<string, unknown>[]): Promise<{ failedFrom?: number; threw?: boolean; error: string }> {
    try {
      const result = (await this.options.functions.invoke(consumer.handler, { Records: batch } satisfies StreamRecordEvent)) as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
      const failed = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      const index = batch.findIndex((record) => failed.has(sequenceOf(record)));
      return index >= 0 ? { failedFrom: index, error: 'batch item failure' } : { error: '' };
    } catch (thrown) {
      return { failedFrom: 0, threw: true, error: (thrown as Error).message };
    }
  }

  private asLambdaRecord(record: _Record): Record<string, unknown> {
    const change = record.dynamodb ?? {};
    const created = change.ApproximateCreationDateTime;
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.options.region,
      eventSourceARN: this.streamArn,
      dynamodb: { ...change, ...(created instanceof Date ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}) },
    };
  }
}

const sequenceOf = (record: Record<string, unknown>): string => String((record.dynamodb as { SequenceNumber?: string } | undefined)?.SequenceNumber ?? '');
