/**
 * The DynamoDB document client, built once per process. The endpoint comes from the
 * SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB on the twin), so handlers are
 * the same code on AWS and locally.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamodb = new DynamoDBClient({});
export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
