/**
 * The notifier port: text messages (SMS, or email for notices) to a user. Two implementations, chosen by
 * NOTIFIER_PROVIDER:
 * - `sns` (AWS): Amazon SNS Publish to the platform's notifications topic by user id
 *   (lib/resource-grants.ts grantNotifier); the topic's subscriber, the delivery service
 *   that holds contact details, sends the SMS. The platform's jobs never open PII for it;
 * - `outbox` (the default, the twin and tests): the message is written to the table
 *   (OUTBOX / MESSAGE#{sentAt}#{messageId}), readable through GET /_twin/outbox.
 * A message id is deterministic (e.g. reminder:{loanId}:{date}); the outbox keeps one
 * message per id. Messages carry a masked name at most: callers build them from masked
 * values (functions/core/overdue.ts reminderText).
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../settings/settings';
import { documents, firstConditionFailed, queryUpTo } from '../dynamodb/client';

export interface TextMessage {
  readonly messageId: string;
  readonly recipientUserId: string;
  /** Why it is sent, e.g. COLLECTION_REMINDER, DUE_REMINDER. */
  readonly purpose: string;
  readonly text: string;
  /** SMS unless said otherwise; notices to users also go by email (the delivery service holds the address). */
  readonly channel?: 'sms' | 'email';
}

export interface SentMessage extends TextMessage {
  readonly channel: 'sms' | 'email';
  readonly sentAt: string;
  readonly provider: 'sns' | 'outbox';
  readonly providerMessageId?: string;
}

export interface Notifier {
  send(message: TextMessage, at: Date): Promise<SentMessage>;
}

const outboxKey = (sentAt: string, messageId: string) => ({ pk: 'OUTBOX', sk: `MESSAGE#${sentAt}#${messageId}` });
const outboxIdKey = (messageId: string) => ({ pk: 'OUTBOX#ID', sk: messageId });

export const outboxNotifier: Notifier = {
  async send(message, at) {
    const sent: SentMessage = { ...message, channel: message.channel ?? 'sms', sentAt: at.toISOString(), provider: 'outbox' };
    const TableName = config.tableName();
    try {
      // One message per id: the id's claim and the message in one transaction (one request, and never a claim without its message).
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...outboxIdKey(message.messageId), sentAt: sent.sentAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName, Item: { ...outboxKey(sent.sentAt, message.messageId), ...sent } } },
          ],
        }),
      );
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
      const { Item } = await documents.send(new GetCommand({ TableName, Key: outboxIdKey(message.messageId), ConsistentRead: true }));
      return { ...sent, sentAt: (Item?.sentAt as string) ?? sent.sentAt };
    }
    return sent;
  },
};

/**
 * AWS: publishes to the notifications topic by user id; the topic's subscriber (the SMS or
 * push delivery service, which holds the contact details) delivers it. The message id
 * travels as the de-duplication attribute.
 */
export const snsNotifier: Notifier = {
  async send(message, at) {
    const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');
    const sns = new SNSClient({});
    try {
      const { MessageId } = await sns.send(
        new PublishCommand({
          TopicArn: config.notificationsTopicArn(),
          Message: message.text,
          MessageAttributes: {
            channel: { DataType: 'String', StringValue: message.channel ?? 'sms' },
            recipientUserId: { DataType: 'String', StringValue: message.recipientUserId },
            purpose: { DataType: 'String', StringValue: message.purpose },
            messageId: { DataType: 'String', StringValue: message.messageId },
          },
        }),
      );
      return { ...message, channel: message.channel ?? 'sms', sentAt: at.toISOString(), provider: 'sns', ...(MessageId ? { providerMessageId: MessageId } : {}) };
    } finally {
      sns.destroy();
    }
  },
};

export function configuredNotifier(): Notifier {
  return config.notifierProvider() === 'sns' ? snsNotifier : outboxNotifier;
}

/** The outbox, oldest first (the twin's GET /_twin/outbox). */
export async function readOutbox(limit = 1_000): Promise<SentMessage[]> {
  const { items } = await queryUpTo(
    { TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :message)', ExpressionAttributeValues: { ':pk': 'OUTBOX', ':message': 'MESSAGE#' }, ConsistentRead: true },
    limit,
  );
  return items.map(({ pk: _pk, sk: _sk, ...message }) => message as unknown as SentMessage);
}
