/** The composition of the platform-figures projection: its DynamoDB store and the platform clock. */
import type { PlatformFiguresPorts } from '../application/platform-figures-projection';
import { platformFiguresStore } from '../adapters/dynamodb/platform-figures-store';
import { now } from '../adapters/runtime/clock';
import { signals } from './observability';

export const platformFigures: PlatformFiguresPorts = { store: platformFiguresStore, clock: now, signals };
