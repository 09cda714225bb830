/**
 * One Lambda function for one handler file (it exports `handler`), bundled locally by
 * esbuild as ESM for Node.js 24 on ARM. Each function has its own role, which starts
 * with nothing but writing to its own log group; callers add exactly what the
 * handler's manifest entry asks for (lib/resource-grants.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundledFontFolder, pdfFontFiles, pdfFontPackage } from '../../functions/adapters/documents/pdf-fonts';
import { projectPath, projectRoot } from '../project-paths';

export interface HandlerFunctionProps {
  /** The manifest's handler file, relative to the project root. */
  readonly handlerFile: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
}

/**
 * esbuild's ESM output has no `require`; CommonJS code inside dependencies that
 * calls require('node:…') needs one, so the bundle defines it first.
 * (No `$` or double quotes here: the banner passes through a shell.)
 */
/**
 * The handlers that render a PDF (the contract at signing, an investor's statement, a
 * reschedule's supplementary agreement at acceptance, a debt transfer's agreement when the
 * transfer settles: by the custody callback, or by the daily reconciliation resolving a
 * purchase whose callback was lost): their
 * bundle carries the CJK font files in fonts/ (functions/adapters/documents/pdf-fonts.ts),
 * about 20 MB, so only these functions have them.
 */
export const pdfRenderingHandlers: ReadonlySet<string> = new Set([
  'functions/workflow/sign-loan-contract.ts',
  'functions/http/get-my-statement.ts',
  'functions/http/post-reschedule-response.ts',
  'functions/http/post-custody-callback.ts',
  'functions/schedules/daily-reconciliation.ts',
]);

const copyFonts = (outputDir: string): string[] => [
  `mkdir -p ${outputDir}/${bundledFontFolder}`,
  ...Object.values(pdfFontFiles).map((file) => `cp ${projectPath(`node_modules/${pdfFontPackage}/${file}`)} ${outputDir}/${bundledFontFolder}/`),
];

const createRequireBanner = "import { createRequire as platformCreateRequire } from 'node:module'; const require = platformCreateRequire(import.meta.url);";

export class HandlerFunction extends Construct {
  readonly handlerFile: string;
  readonly function: NodejsFunction;
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

    this.function = new NodejsFunction(this, 'Function', {
      entry: projectPath(props.handlerFile),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: projectPath('package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The runtime's own AWS SDK v3: bundling it tripled every bundle (~680 KB against the
        // 500 KB goal in QUALITY.md). The twin and the tests run the locked version; the
        // handlers use only long-stable operations of the clients.
        bundleAwsSDK: false,
        banner: createRequireBanner,
        logLevel: LogLevel.WARNING,
        ...(pdfRenderingHandlers.has(props.handlerFile)
          ? { commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: (_inputDir: string, outputDir: string) => copyFonts(outputDir) } }
          : {}),
      },
    });
  }

  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}
