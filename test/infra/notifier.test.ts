/**
 * Notifications on AWS: one SNS topic, encrypted with its own rotating key and refusing
 * plain HTTP; only the handlers whose manifest entries ask for 'notifier:sms' (the
 * collection-reminders job, the notices job and the notices stream consumer) may publish,
 * to that topic only, and none of them touches PII.
 */
import { schedules } from '../../functions/manifest/schedules';
import { streamConsumers } from '../../functions/manifest/streams';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (handlerFile: string): Statement[] => {
  const roleId = logicalId(platform.stack.handlerFunctions.get(handlerFile)!.role);
  return Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const variablesOf = (handlerFile: string) =>
  (platform.template.toJSON().Resources[logicalId(platform.stack.handlerFunctions.get(handlerFile)!.function)] as Resources[string]).Properties.Environment.Variables as Record<string, unknown>;

test('one encrypted topic; only the reminder and notice handlers publish to it, with nothing else of SNS', () => {
  // Topics to users; the operations topics (alarms to on-call, here and in the us-east-1 edge stack: test/infra/monitoring.test.ts) are not.
  const operationsTopicIds = [logicalId(platform.stack.operations.topic), logicalId(platform.edge.operations.topic)];
  const topics = Object.fromEntries(Object.entries(platform.template.findResources('AWS::SNS::Topic') as Resources).filter(([id]) => !operationsTopicIds.includes(id)));
  expect(Object.keys(topics)).toHaveLength(1);
  const [topicId, topic] = Object.entries(topics)[0]!;
  expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  const keyId = (topic.Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  expect((platform.template.toJSON().Resources[keyId] as Resources[string]).Properties.EnableKeyRotation).toBe(true);
  const policies = Object.values(platform.template.findResources('AWS::SNS::TopicPolicy') as Resources);
  expect(JSON.stringify(policies)).toContain('aws:SecureTransport');

  const publishers = [...schedules, ...streamConsumers].filter((entry) => entry.resources?.includes('notifier:sms')).map((entry) => entry.handler);
  expect(publishers.sort()).toEqual(['functions/schedules/collection-reminders.ts', 'functions/schedules/notices.ts', 'functions/streams/notices.ts']);
  for (const [handlerFile] of platform.stack.handlerFunctions) {
    const publishes = statementsOf(handlerFile).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('sns:')));
    if (publishers.includes(handlerFile)) {
      expect(publishes).toEqual([expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: topicId } })]);
      expect(variablesOf(handlerFile)).toMatchObject({ NOTIFIER_PROVIDER: 'sns', NOTIFICATIONS_TOPIC_ARN: { Ref: topicId } });
      expect(variablesOf(handlerFile).PII_KMS_KEY_ID).toBeUndefined();
    } else {
      expect({ handlerFile, publishes }).toEqual({ handlerFile, publishes: [] });
    }
  }
});
