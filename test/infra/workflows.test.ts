/** The Step Functions state machines against functions/manifest/workflows.ts and their ASL files. */
import { readFileSync } from 'node:fs';
import { workflows } from '../../functions/manifest/workflows';
import { projectPath } from '../../lib/project-paths';
import { arnOf, placeholdersIn, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const machines = () => Object.entries(platform.template.findResources('AWS::StepFunctions::StateMachine') as Resources);
const machineFor = (name: string) => {
  const found = machines().filter(([, machine]) => machine.Properties.StateMachineName === `${platform.stack.stackName}-${name}`);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const taskFunctionArn = (handlerFile: string) => arnOf(platform.stack.handlerFunctions.get(handlerFile)!.function);

test('there is one Standard state machine per workflow of the manifest', () => {
  expect(machines()).toHaveLength(workflows.length);
  for (const workflow of workflows) expect(machineFor(workflow.name)[1].Properties.StateMachineType).toBe('STANDARD');
});

describe.each(workflows.map((workflow) => [workflow.name, workflow] as const))('workflow %s', (_name, workflow) => {
  test('its definition is the ASL file, and the substitutions cover exactly its placeholders', () => {
    const machine = machineFor(workflow.name)[1].Properties;
    expect(machine.DefinitionS3Location).toBeDefined(); // DefinitionBody.fromFile: the file, as an asset
    expect(machine.DefinitionString).toBeUndefined();
    const placeholders = placeholdersIn(workflow.definitionFile);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(Object.keys(machine.DefinitionSubstitutions).sort()).toEqual(placeholders);
    for (const [placeholder, handlerFile] of Object.entries(workflow.tasks)) {
      expect(machine.DefinitionSubstitutions[placeholder]).toEqual(taskFunctionArn(handlerFile));
    }
  });

  test('the definition, substituted, is valid JSON whose Lambda tasks all invoke a task function', () => {
    const byPlaceholder = Object.fromEntries(Object.keys(workflow.tasks).map((placeholder) => [placeholder, `arn:aws:lambda:region:000000000000:function:${placeholder}`]));
    const text = readFileSync(projectPath(workflow.definitionFile), 'utf8').replace(/\$\{(\w+)\}/g, (_match, name: string) => byPlaceholder[name] ?? 'UNFILLED');
    const definition = JSON.parse(text) as { States: Record<string, { Type: string; Resource?: string; Parameters?: { FunctionName?: string } }> };
    const lambdaTasks = Object.values(definition.States).filter((state) => state.Type === 'Task' && state.Resource?.startsWith('arn:aws:states:::lambda:invoke'));
    expect(lambdaTasks.length).toBeGreaterThan(0);
    for (const task of lambdaTasks) expect(Object.values(byPlaceholder)).toContain(task.Parameters?.FunctionName);
  });

  test('executions log ALL events without execution data, to a log group, and are traced', () => {
    const machine = machineFor(workflow.name)[1].Properties;
    expect(machine.LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } }],
    });
    const logGroupId = machine.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    expect(platform.template.toJSON().Resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
  });

  test("its role may invoke exactly the workflow's task functions", () => {
    const roleId = (machineFor(workflow.name)[1].Properties.RoleArn['Fn::GetAtt'] as string[])[0]!;
    const statements = Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
      .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const invoking = statements.filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoking).toHaveLength(1);
    const expected = [...new Set(Object.values(workflow.tasks))].map(taskFunctionArn);
    expect([invoking[0]!.Resource].flat()).toEqual(expect.arrayContaining(expected));
    expect([invoking[0]!.Resource].flat()).toHaveLength(expected.length);
    expect(statements.flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('lambda:'))).toEqual(['lambda:InvokeFunction']);
  });

  test('a task handler used by several placeholders is one function', () => {
    const distinct = new Set(Object.values(workflow.tasks));
    const substituted = new Set(Object.values(machineFor(workflow.name)[1].Properties.DefinitionSubstitutions).map((arn) => JSON.stringify(arn)));
    expect(substituted.size).toBe(distinct.size);
  });
});

test('the stack outputs every state machine ARN', () => {
  const outputs = platform.template.toJSON().Outputs as Record<string, { Value: unknown }>;
  for (const workflow of workflows) {
    const [machineId] = machineFor(workflow.name);
    expect(Object.values(outputs).map((output) => output.Value)).toContainEqual({ Ref: machineId });
  }
});
