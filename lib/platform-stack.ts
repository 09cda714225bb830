/**
 * The platform's stateless part on AWS, built from the shared manifests: one function per
 * handler file, the workflows' state machines, the HTTP API, the schedules and the stream
 * consumers. It holds no data: everything it reads and writes is in the stateful stack
 * (lib/stateful-stack.ts), so it can be destroyed and redeployed without losing anything
 * but in-flight executions and log groups' future (kept log groups are RETAINed).
 *
 * It is split into nested stacks by area, each well inside CloudFormation's resource limit
 * (test/infra/stack-limits.test.ts): one per API area (its route functions and routes),
 * the API itself (stage, authorizer, user pool firewall), the workflows (task functions and
 * state machines), the jobs (scheduled and stream-consumer functions) and monitoring
 * (failure-signal and table alarms, the dashboard). Every alarm notifies the operations
 * topic, in this stack's root; each is built beside what it watches.
 */
import { CfnOutput, Duration, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { apiAreas } from './api-areas';
import { FrontDoor } from './constructs/front-door';
import { WebsiteOrigin } from './constructs/website';
import { HandlerFunction } from './constructs/handler-function';
import { HandlerBundles } from './constructs/handler-bundles';
import { OperationsDashboard } from './constructs/operations-dashboard';
import { OperationsMonitoring } from './constructs/operations-monitoring';
import { alarmOnApi, alarmOnFailureSignals, alarmOnFunction, alarmOnStateMachine, alarmOnStreamConsumer, alarmOnTable } from './constructs/platform-alarms';
import { JobSchedules } from './constructs/job-schedules';
import { StreamConsumers } from './constructs/stream-consumers';
import { PlatformApi } from './constructs/platform-api';
import { UserPoolFirewall } from './constructs/user-pool-firewall';
import { WorkflowStateMachine } from './constructs/workflow-state-machine';
import { handlerCatalog, handlerConstructId, pascalCase, type HandlerEntry, type HandlerKind } from './handler-catalog';
import { schedules } from '../functions/manifest/schedules';
import { streamConsumers } from '../functions/manifest/streams';
import { workflows } from '../functions/manifest/workflows';
import { grantResources, grantUserPool, type ProviderMode } from './resource-grants';
import type { EdgeStack } from './edge-stack';
import type { StatefulStack } from './stateful-stack';
import { workflowIdentity } from './workflow-identity';

/** API Gateway gives up on an integration after 30 s; the other kinds may take longer. */
const timeoutByKind: Record<HandlerKind, Duration> = {
  route: Duration.seconds(15),
  'workflow-task': Duration.seconds(30),
  schedule: Duration.minutes(5),
  'stream-consumer': Duration.minutes(1),
};

export interface PlatformStackProps extends StackProps {
  readonly stateful: StatefulStack;
  /** The us-east-1 stack whose web ACL the front door uses (deployed before this one). */
  readonly edge: EdgeStack;
}

/**
 * The context flag `providers`: unset, the functions call the real credit bureau and
 * identity-verification provider (filled in by operators); `simulator` (staging only:
 * `cdk deploy -c providers=simulator`) makes them use the simulators, which the stack's
 * description and its Providers output then say.
 */
export function providerMode(scope: Construct): ProviderMode {
  const flag: unknown = scope.node.tryGetContext('providers');
  if (flag === undefined || flag === '' || flag === 'real') return 'real';
  if (flag === 'simulator') return 'simulator';
  throw new Error(`context providers must be simulator (staging) or left out (real providers), not ${String(flag)}`);
}

export class PlatformStack extends Stack {
  readonly handlerFunctions: ReadonlyMap<string, HandlerFunction>;
  readonly api: PlatformApi;
  readonly nestedStacks: readonly NestedStack[];
  readonly operations: OperationsMonitoring;
  readonly frontDoor: FrontDoor;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    const providers = providerMode(scope);
    super(scope, id, {
      description: `P2P lending platform, stateless: HTTP API, functions, workflows, schedules, stream consumers${providers === 'simulator' ? '; STAGING: simulated credit bureau and identity verification (-c providers=simulator)' : ''}`,
      ...props,
    });
    const { stateful, edge } = props;
    // The edge stack is in us-east-1: no reference crosses to it, so the order is said explicitly.
    this.addStackDependency(edge, 'the front door reads the web ACL ARN the edge stack writes to SSM');
    const workflowIdentities = workflows.map((workflow) => workflowIdentity(this, workflow));

    const areas = apiAreas();
    const nested = new Map<string, NestedStack>();
    const nestedStack = (name: string, description: string) => {
      let stack = nested.get(name);
      if (!stack) {
        stack = new NestedStack(this, name, { description });
        nested.set(name, stack);
      }
      return stack;
    };
    /** Where a handler's function lives: beside the routes, state machines or schedules that call it. */
    const homeOf = (entry: HandlerEntry): NestedStack => {
      const area = areas.find((candidate) => candidate.routes.some((route) => route.handler === entry.handlerFile));
      if (area) return nestedStack(area.name, `P2P lending platform: ${area.name} routes and their functions`);
      if (entry.kinds.includes('workflow-task')) return nestedStack('Workflows', 'P2P lending platform: workflow task functions and state machines');
      return nestedStack('Jobs', 'P2P lending platform: scheduled jobs and stream consumers');
    };

    this.operations = new OperationsMonitoring(this, 'Operations');
    const handlerFunctions = new Map<string, HandlerFunction>();
    const catalog = handlerCatalog();
    const bundles = new HandlerBundles(catalog.map((entry) => entry.handlerFile));
    for (const entry of catalog) {
      const home = homeOf(entry);
      const handlers = (home.node.tryFindChild('Handlers') as Construct | undefined) ?? new Construct(home, 'Handlers');
      const handler = new HandlerFunction(handlers, handlerConstructId(entry.handlerFile), {
        handlerFile: entry.handlerFile,
        description: `${entry.uses.join('; ')} [${entry.handlerFile}]`.slice(0, 256),
        timeout: Duration.seconds(Math.max(...entry.kinds.map((kind) => timeoutByKind[kind].toSeconds()))),
        bundles,
      });
      grantResources(handler, entry.access, {
        providers,
        creditBureau: stateful.creditBureau,
        table: stateful.data.table,
        workflows: workflowIdentities,
        pii: stateful.pii,
        custodianBank: stateful.custodianBank,
        documents: stateful.storage,
        contractSigning: stateful.contractSigning,
      });
      grantUserPool(handler, entry.access, stateful.users);
      if (entry.kinds.includes('route')) stateful.frontDoor.grantVerification(handler);
      stateful.requestKeys.grantRead(handler);
      alarmOnFunction(handler, this.operations);
      handlerFunctions.set(entry.handlerFile, handler);
    }
    this.handlerFunctions = handlerFunctions;
    const functions: ReadonlyMap<string, lambda.IFunction> = new Map([...handlerFunctions].map(([file, handler]) => [file, handler.function]));

    const workflowStack = nestedStack('Workflows', 'P2P lending platform: workflow task functions and state machines');
    const stateMachines = workflowIdentities.map((identity) => {
      const machine = new WorkflowStateMachine(workflowStack, `${pascalCase(identity.workflow.name)}Workflow`, { identity, functions });
      alarmOnStateMachine(machine, identity.workflow.name, machine.stateMachine, this.operations);
      return machine;
    });

    const apiStack = nestedStack('Api', 'P2P lending platform: HTTP API, stage, authorizer and firewall');
    this.api = new PlatformApi(apiStack, 'Api', { routes: [], users: stateful.users, functions, throttle: { rateLimit: 100, burstLimit: 200 } });
    for (const area of areas) this.api.addRoutes(nestedStack(area.name, `P2P lending platform: ${area.name} routes and their functions`), area.routes, functions);
    new UserPoolFirewall(apiStack, 'UserPoolFirewall', { userPool: stateful.users.userPool, requestsPerFiveMinutesPerIp: 300 });
    alarmOnApi(this.api, this.api.httpApi, this.operations);
    const frontDoorStack = nestedStack('FrontDoor', 'P2P lending platform: the CloudFront front door of the website and the API');
    const website = new WebsiteOrigin(frontDoorStack, 'Website', { bucketArn: stateful.website.bucket.bucketArn });
    this.frontDoor = new FrontDoor(frontDoorStack, 'FrontDoor', { api: this.api.httpApi, store: stateful.frontDoor, webAclParameterName: edge.firewall.parameterName, defaultBehavior: website.behavior });

    const jobStack = nestedStack('Jobs', 'P2P lending platform: scheduled jobs and stream consumers');
    new JobSchedules(jobStack, 'Schedules', { schedules, functions });
    const consumers = new StreamConsumers(jobStack, 'StreamConsumers', { consumers: streamConsumers, table: stateful.data.table, functions: handlerFunctions });
    for (const consumer of streamConsumers) alarmOnStreamConsumer(handlerFunctions.get(consumer.handler)!, consumers.deadLetterQueues.get(consumer.name)!, this.operations);

    const monitoringStack = nestedStack('Monitoring', 'P2P lending platform: failure-signal and table alarms, the operations dashboard');
    alarmOnFailureSignals(monitoringStack, this.operations);
    alarmOnTable(monitoringStack, stateful.data.table, this.operations);
    new OperationsDashboard(monitoringStack, 'Operations', {
      api: this.api.httpApi,
      workflows: stateMachines.map((machine, index) => ({ name: workflowIdentities[index]!.workflow.name, stateMachine: machine.stateMachine })),
    });
    this.nestedStacks = [...nested.values()];

    new CfnOutput(this, 'OperationsTopicArn', { value: this.operations.topic.topicArn, description: 'Every alarm notifies this topic: subscribe the on-call address (or deploy with -c operationsEmail=…)' });
    new CfnOutput(this, 'Providers', {
      value: providers === 'simulator' ? 'simulator: credit bureau and identity verification are SIMULATED (staging only)' : 'real: credit bureau and identity verification as configured by operators',
      description: 'Which providers the functions call (context flag providers)',
    });
    new CfnOutput(this, 'FrontDoorUrl', { value: `https://${this.frontDoor.distribution.distributionDomainName}`, description: 'The public base URL of the API (CloudFront, WAF); point the custom domain (if any) here' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'The API\'s own endpoint: answers 403 to requests that did not come through the front door' });
    stateMachines.forEach((machine, index) => {
      const name = workflowIdentities[index]!.workflow.name;
      new CfnOutput(this, `${pascalCase(name)}StateMachineArn`, {
        value: machine.stateMachine.stateMachineArn,
        description: `State machine of the ${name} workflow`,
      });
    });
  }
}
