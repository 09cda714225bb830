/**
 * Investors' risk assessments in the platform table: the profile's `riskAssessment`
 * attribute (USER#{userId} / PROFILE, a RiskAssessmentSummary) holds the one in force and
 * `pendingRiskAssessment` a raise waiting for its cooling-off period;
 * USER#{userId} / RISK_ASSESSMENT#{assessedAt} keeps every questionnaire answered,
 * with its answers, score and level, for the suitability record (适当性管理留痕).
 * The profile changes only if its assessment is still the one the new standing was
 * worked out from, so two reassessments at once cannot both take effect.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, NotFoundError } from '../../core/errors';
import { config } from '../../settings/settings';
import { documents } from './client';
import type { RecordedRiskAssessment } from '../../core/users';
import { findUserProfile, userKey } from './user-repository';

export const riskAssessmentKey = (userId: string, assessedAt: string) => ({ pk: `USER#${userId}`, sk: `RISK_ASSESSMENT#${assessedAt}` });

export type { RecordedRiskAssessment } from '../../core/users';

export async function recordRiskAssessment(assessment: RecordedRiskAssessment): Promise<void> {
  const tableName = config.tableName();
  const pending = assessment.standing.pendingRiskAssessment;
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: userKey(assessment.userId),
              UpdateExpression: pending ? 'SET riskAssessment = :inForce, pendingRiskAssessment = :pending' : 'SET riskAssessment = :inForce REMOVE pendingRiskAssessment',
              ConditionExpression: assessment.replaces === undefined ? 'attribute_exists(pk) AND attribute_not_exists(riskAssessment)' : 'riskAssessment.assessedAt = :replaces',
              ExpressionAttributeValues: {
                ':inForce': assessment.standing.riskAssessment,
                ...(pending ? { ':pending': pending } : {}),
                ...(assessment.replaces === undefined ? {} : { ':replaces': assessment.replaces }),
              },
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
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if ((error as Error).name === 'TransactionCanceledException' && reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
      if (!(await findUserProfile(assessment.userId))) throw new NotFoundError('no profile for this user: register first');
      throw new ConcurrentModificationError('your risk assessment changed meanwhile: answer again');
    }
    throw error;
  }
}
