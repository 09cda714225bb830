/**
 * One Lambda function for one handler file (it exports `handler`), bundled locally by
 * esbuild as ESM for Node.js 24 on ARM, in one run with every other handler
 * (./handler-bundles.ts). Each function has its own role, which starts with nothing but
 * writing to its own log group; callers add exactly what the handler's manifest entry
 * asks for (lib/resource-grants.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerBundles } from './handler-bundles';

export interface HandlerFunctionProps {
  /** The manifest's handler file, relative to the project root. */
  readonly handlerFile: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  /** The catalogue's bundles, of which this function's code is its handler's. */
  readonly bundles: HandlerBundles;
}

export class HandlerFunction extends Construct {
  readonly handlerFile: string;
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.handlerFile = props.handlerFile;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handlerFile}`,
    });
    // Instead of the AWSLambdaBasicExecutionRole managed policy: this log group only.
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      code: props.bundles.code(props.handlerFile),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
  }

  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}
