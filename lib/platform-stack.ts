/**
 * The platform on AWS, built from the shared manifests (lib/manifest/): the table,
 * one function per handler file, the workflows' state machines, the HTTP API, the
 * schedules, document storage and the audit trail.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AuditTrail } from './constructs/audit-trail';
import { ContractSigning } from './constructs/contract-signing';
import { CustodianBankLink } from './constructs/custodian-bank-link';
import { DocumentStorage } from './constructs/document-storage';
import { HandlerFunction } from './constructs/handler-function';
import { JobSchedules } from './constructs/job-schedules';
import { StreamConsumers } from './constructs/stream-consumers';
import { PlatformApi } from './constructs/platform-api';
import { PiiProtection } from './constructs/pii-protection';
import { PlatformTable } from './constructs/platform-table';
import { UserPoolFirewall } from './constructs/user-pool-firewall';
import { WorkflowStateMachine } from './constructs/workflow-state-machine';
import { handlerCatalog, handlerConstructId, pascalCase, type HandlerKind } from './handler-catalog';
import { roles } from '../functions/core/roles';
import { routes } from '../functions/api/routes';
import { schedules } from '../functions/manifest/schedules';
import { streamConsumers } from '../functions/manifest/streams';
import { platformTable } from '../functions/manifest/table';
import { workflows } from '../functions/manifest/workflows';
import { grantResources, grantUserPool } from './resource-grants';
import { workflowIdentity } from './workflow-identity';

/** API Gateway gives up on an integration after 30 s; the other kinds may take longer. */
const timeoutByKind: Record<HandlerKind, Duration> = {
  route: Duration.seconds(15),
  'workflow-task': Duration.seconds(30),
  schedule: Duration.minutes(5),
  'stream-consumer': Duration.minutes(1),
};

export class PlatformStack extends Stack {
  readonly handlerFunctions: ReadonlyMap<string, HandlerFunction>;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { description: 'P2P lending platform: HTTP API, workflows, schedules, one table', ...props });

    const data = new PlatformTable(this, 'PlatformTable', { definition: platformTable });
    const pii = new PiiProtection(this, 'PiiProtection');
    const custodianBank = new CustodianBankLink(this, 'CustodianBank');
    const storage = new DocumentStorage(this, 'DocumentStorage');
    const contractSigning = new ContractSigning(this, 'ContractSigning');
    const workflowIdentities = workflows.map((workflow) => workflowIdentity(this, workflow));

    const handlers = new Construct(this, 'Handlers');
    const handlerFunctions = new Map<string, HandlerFunction>();
    for (const entry of handlerCatalog()) {
      const handler = new HandlerFunction(handlers, handlerConstructId(entry.handlerFile), {
        handlerFile: entry.handlerFile,
        description: `${entry.uses.join('; ')} [${entry.handlerFile}]`.slice(0, 256),
        timeout: Duration.seconds(Math.max(...entry.kinds.map((kind) => timeoutByKind[kind].toSeconds()))),
      });
      grantResources(handler, entry.access, { table: data.table, workflows: workflowIdentities, pii, custodianBank, documents: storage, contractSigning });
      handlerFunctions.set(entry.handlerFile, handler);
    }
    this.handlerFunctions = handlerFunctions;
    const functions: ReadonlyMap<string, lambda.IFunction> = new Map([...handlerFunctions].map(([file, handler]) => [file, handler.function]));

    const stateMachines = workflowIdentities.map(
      (identity) => new WorkflowStateMachine(this, `${pascalCase(identity.workflow.name)}Workflow`, { identity, functions }),
    );

    const api = new PlatformApi(this, 'Api', { routes, roles, functions, throttle: { rateLimit: 100, burstLimit: 200 } });
    for (const entry of handlerCatalog()) {
      grantUserPool(handlerFunctions.get(entry.handlerFile)!, entry.access, { userPool: api.userPool, userPoolClient: api.userPoolClient });
    }
    new UserPoolFirewall(this, 'UserPoolFirewall', { userPool: api.userPool, requestsPerFiveMinutesPerIp: 300 });
    new JobSchedules(this, 'Schedules', { schedules, functions });
    new StreamConsumers(this, 'StreamConsumers', { consumers: streamConsumers, table: data.table, functions: handlerFunctions });
    const reconciliationJob = schedules.find((schedule) => schedule.name === 'daily-reconciliation');
    if (reconciliationJob) custodianBank.alarmOnDifferences(handlerFunctions.get(reconciliationJob.handler)!.logGroup);
    new AuditTrail(this, 'AuditTrail', {
      table: data.table,
      documentsBucket: storage.documentsBucket,
      accessLogsBucket: storage.accessLogsBucket,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: storage.documentsBucket.bucketName });
    new CfnOutput(this, 'CustodianBankSecretArn', {
      value: custodianBank.sharedSecret.secretArn,
      description: 'Set this secret to the HMAC secret agreed with the custodian bank',
    });
    stateMachines.forEach((machine, index) => {
      const name = workflowIdentities[index]!.workflow.name;
      new CfnOutput(this, `${pascalCase(name)}StateMachineArn`, {
        value: machine.stateMachine.stateMachineArn,
        description: `State machine of the ${name} workflow`,
      });
    });
  }
}
