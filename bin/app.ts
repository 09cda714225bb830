/**
 * The CDK app (environment-agnostic: account and region come from the CLI's
 * credentials at deploy time). `npm run synth` synthesizes it with cdk-nag's AWS
 * Solutions checks; an unacknowledged error fails the synth.
 */
import { App } from 'aws-cdk-lib';
import { definePlatform } from '../lib/platform-app';

const app = new App();
definePlatform(app);
app.synth();
