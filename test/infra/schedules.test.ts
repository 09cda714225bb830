/** The EventBridge Scheduler schedules against functions/manifest/schedules.ts. */
import { schedules } from '../../functions/manifest/schedules';
import { arnOf, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';
import { platformTimeZone } from '../../functions/core/calendar';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const found = () => Object.values(platform.template.findResources('AWS::Scheduler::Schedule') as Resources).map((schedule) => schedule.Properties);

test('there is one schedule per manifest entry', () => {
  expect(found()).toHaveLength(schedules.length);
});

test.each(schedules.map((schedule) => [schedule.name, schedule] as const))('%s fires on its cron in Asia/Shanghai and invokes its job', (_name, definition) => {
  const fnArn = arnOf(platform.stack.handlerFunctions.get(definition.handler)!.function);
  const matching = found().filter((schedule) => JSON.stringify(schedule.Target.Arn) === JSON.stringify(fnArn));
  expect(matching).toHaveLength(1);
  const schedule = matching[0]!;
  expect(schedule.ScheduleExpression).toBe(definition.cron);
  expect(schedule.ScheduleExpressionTimezone).toBe(definition.timezone);
  expect(schedule.ScheduleExpressionTimezone).toBe(platformTimeZone);
  expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  expect(schedule.State).toBe('ENABLED');
  expect(JSON.parse(schedule.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  expect(schedule.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) });

  // Its role is assumable by EventBridge Scheduler (this account only) and may invoke exactly that function.
  const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0] as string;
  const role = platform.template.toJSON().Resources[roleId];
  expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
    expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
  ]);
  const statements = Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((ref) => ref.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  expect(statements).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: fnArn }]);
});
