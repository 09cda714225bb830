/**
 * The integration tier's test ceiling (a ceiling, not a wait): DynamoDB Local and the twin on
 * a busy 2-core machine take seconds where Jest's default gives 5. Set here because Jest
 * ignores `testTimeout` inside a `projects` entry (jestjs/jest#9696).
 */
import { jest } from '@jest/globals';

jest.setTimeout(120_000);
