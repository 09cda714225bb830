/**
 * The table stream's consumers from functions/manifest/streams.ts: one event source mapping
 * per consumer, from the oldest record still in the stream, in order per partition
 * key (parallelization factor 1), partial batch responses (the consumer names the
 * first record it could not process), a failing batch bisected and retried for up to
 * a day, then its description parked in an encrypted dead-letter queue for operators.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pascalCase } from '../handler-catalog';
import type { StreamConsumerDefinition } from '../../functions/manifest/streams';
import type { HandlerFunction } from './handler-function';

export interface StreamConsumersProps {
  readonly consumers: readonly StreamConsumerDefinition[];
  readonly table: dynamodb.ITable;
  /** Handler file → the function built for it. */
  readonly functions: ReadonlyMap<string, HandlerFunction>;
}

export class StreamConsumers extends Construct {
  readonly deadLetterQueues = new Map<string, sqs.Queue>();

  constructor(scope: Construct, id: string, props: StreamConsumersProps) {
    super(scope, id);
    for (const consumer of props.consumers) {
      const handler = props.functions.get(consumer.handler);
      if (!handler) throw new Error(`stream consumer ${consumer.name}: no function for ${consumer.handler}`);
      const deadLetters = new sqs.Queue(this, `${pascalCase(consumer.name)}DeadLetters`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter destination of the stream consumer; its messages describe failed batches for operators to replay.',
      });
      handler.function.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          parallelizationFactor: 1,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: 100,
          maxRecordAge: Duration.days(1),
          onFailure: new SqsDlq(deadLetters),
        }),
      );
      if (handler.function.role) {
        Validations.of(handler.function.role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'Added by the DynamoDB event source mapping: dynamodb:ListStreams does not support resource-level permissions (AWS documents Resource "*"); the stream reads themselves are scoped to the table\'s stream ARN.',
        });
      }
      this.deadLetterQueues.set(consumer.name, deadLetters);
    }
  }
}
