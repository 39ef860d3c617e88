/**
 * Every syctl command. One file per command group; online groups (status, failover,
 * degrade, config, migration, recon) add their list here.
 */
import type { Command } from '../framework/command.ts';
import { idCommands } from './id.ts';
import { routeCommands } from './route.ts';

export const ALL_COMMANDS: readonly Command[] = [...idCommands, ...routeCommands];
