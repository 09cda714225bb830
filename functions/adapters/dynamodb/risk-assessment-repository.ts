/**
 * Investors' risk assessments in the platform table: the profile's `riskAssessment`
 * attribute (USER#{userId} / PROFILE, a RiskAssessmentSummary) holds the current one;
 * USER#{userId} / RISK_ASSESSMENT#{assessedAt} keeps every questionnaire answered,
 * with its answers and score, for the suitability record (适当性管理留痕).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../core/errors';
import { config } from '../../settings/settings';
import { documents } from './client';
import type { RecordedRiskAssessment } from '../../core/users';
import { userKey } from './user-repository';

export const riskAssessmentKey = (userId: string, assessedAt: string) => ({ pk: `USER#${userId}`, sk: `RISK_ASSESSMENT#${assessedAt}` });

export type { RecordedRiskAssessment } from '../../core/users';

export async function recordRiskAssessment(assessment: RecordedRiskAssessment): Promise<void> {
  const tableName = config.tableName();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: userKey(assessment.userId),
              UpdateExpression: 'SET riskAssessment = :summary',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':summary': assessment.summary },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...riskAssessmentKey(assessment.userId, assessment.summary.assessedAt),
                ...assessment.summary,
                answers: assessment.answers,
                score: assessment.score,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new NotFoundError('no profile for this user: register first');
    }
    throw error;
  }
}
