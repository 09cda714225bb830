/** One Lambda function per handler file, with the environment and grants its manifest entry asks for. */
import { stateMachineArnVariable } from '../../functions/settings/settings';
import { routes } from '../../functions/api/routes';
import { schedules } from '../../functions/manifest/schedules';
import { streamConsumers } from '../../functions/manifest/streams';
import { workflows } from '../../functions/manifest/workflows';
import { arnOf, logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const handlerFiles = [
  ...new Set([...routes.map((route) => route.handler), ...workflows.flatMap((workflow) => Object.values(workflow.tasks)), ...schedules.map((schedule) => schedule.handler), ...streamConsumers.map((consumer) => consumer.handler)]),
];
const functionResource = (handlerFile: string) => {
  const handler = platform.stack.handlerFunctions.get(handlerFile);
  if (!handler) throw new Error(`no function for ${handlerFile}`);
  return platform.template.toJSON().Resources[logicalId(handler.function)] as Resources[string];
};
/** Every statement of the policies attached to a function's role. */
const statementsOf = (handlerFile: string) => {
  const roleId = logicalId(platform.stack.handlerFunctions.get(handlerFile)!.role);
  return Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
};
const actionsOf = (handlerFile: string) => statementsOf(handlerFile).flatMap((statement) => [statement.Action].flat());

test('each distinct handler file of the manifests is built once, and nothing else but the front door\'s deploy-time reader', () => {
  expect([...platform.stack.handlerFunctions.keys()].sort()).toEqual([...handlerFiles].sort());
  // aws-cdk-lib's AwsCustomResource provider (lib/constructs/front-door.ts): reads the web ACL ARN from us-east-1 at deploy.
  platform.template.resourceCountIs('AWS::Lambda::Function', handlerFiles.length + 1);
});

test.each(handlerFiles)('%s runs on Node.js 24, ARM, as an ESM bundle exporting handler', (handlerFile) => {
  const fn = functionResource(handlerFile).Properties;
  expect(fn.Runtime).toBe('nodejs24.x');
  expect(fn.Architectures).toEqual(['arm64']);
  expect(fn.Handler).toBe('index.handler');
  expect(fn.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  expect(fn.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
});

test.each(routes.map((route) => [route.id, route] as const))('route %s gets exactly the access its manifest entry declares', (_id, route) => {
  const variables = functionResource(route.handler).Properties.Environment.Variables as Record<string, unknown>;
  const actions = actionsOf(route.handler);
  const usesTable = route.resources.includes('table:read') || route.resources.includes('table:write');
  expect(variables.TABLE_NAME !== undefined).toBe(usesTable);
  expect(actions.includes('dynamodb:GetItem')).toBe(route.resources.includes('table:read'));
  expect(actions.includes('dynamodb:PutItem')).toBe(route.resources.includes('table:write'));
  expect(actions.includes('states:StartExecution')).toBe(route.resources.includes('workflows:start'));
  expect(actions.includes('states:DescribeStateMachine')).toBe(route.resources.includes('workflows:describe'));
  expect(actions.includes('states:SendTaskSuccess')).toBe(route.resources.includes('workflows:callback'));
  const usesWorkflows = route.resources.some((resource) => resource.startsWith('workflows:'));
  for (const workflow of workflows) expect(variables[stateMachineArnVariable(workflow.name)] !== undefined).toBe(usesWorkflows);
});

const workflowTaskHandlersUsingWorkflows = new Set(
  workflows.flatMap((workflow) => Object.entries(workflow.taskResources ?? {}).filter(([, grants]) => grants.some((grant) => grant.startsWith('workflows:'))).map(([handlerFile]) => handlerFile)),
);

test('workflow ARNs handed to functions are those of the state machines, and grants are on them only', () => {
  const machineNames = Object.values(platform.template.findResources('AWS::StepFunctions::StateMachine') as Resources).map(
    (machine) => machine.Properties.StateMachineName as string,
  );
  const arnNamed = (name: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:stateMachine:${name}`]],
  });
  let checked = 0;
  for (const handlerFile of handlerFiles) {
    const variables = functionResource(handlerFile).Properties.Environment.Variables as Record<string, unknown>;
    const handedArns = workflows.map((workflow) => variables[stateMachineArnVariable(workflow.name)]).filter((arn) => arn !== undefined);
    for (const arn of handedArns) {
      expect(machineNames.map(arnNamed)).toContainEqual(arn);
      checked += 1;
    }
    const workflowGrants = statementsOf(handlerFile).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('states:')));
    for (const grant of workflowGrants) expect([grant.Resource].flat()).toEqual(handedArns);
  }
  const workflowRouteHandlers = new Set(routes.filter((route) => route.resources.some((resource) => resource.startsWith('workflows:'))).map((route) => route.handler));
  // Workflow tasks that start another execution (servicing after disbursement, its continuation) declare it in taskResources.
  for (const handlerFile of workflowTaskHandlersUsingWorkflows) workflowRouteHandlers.add(handlerFile);
  expect(checked).toBe(workflowRouteHandlers.size * workflows.length);
});

test('workflow tasks and scheduled jobs read and write the table, and touch no workflow unless their manifest entry says so (start only)', () => {
  const files = [...workflows.flatMap((workflow) => Object.values(workflow.tasks)), ...schedules.map((schedule) => schedule.handler)];
  for (const handlerFile of files) {
    const actions = actionsOf(handlerFile);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']));
    const starts = workflowTaskHandlersUsingWorkflows.has(handlerFile);
    expect(actions.filter((action) => action.startsWith('states:'))).toEqual(starts ? ['states:StartExecution'] : []);
    expect(functionResource(handlerFile).Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: logicalId(platform.stateful.node.findChild('PlatformTable').node.findChild('Table')) });
  }
});

test('no function role uses a managed policy; each writes only to its own log group', () => {
  for (const handlerFile of handlerFiles) {
    const handler = platform.stack.handlerFunctions.get(handlerFile)!;
    const role = platform.template.toJSON().Resources[logicalId(handler.role)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const logging = statementsOf(handlerFile).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('logs:')));
    expect(logging).toEqual([expect.objectContaining({ Resource: arnOf(handler.logGroup) })]);
  }
});
