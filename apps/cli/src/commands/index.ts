/**
 * Every syctl command. One file per command group; online groups (status, failover,
 * degrade, config, migration, recon) add their list here.
 */
import type { Command } from '../framework/command.ts';
import { configCommands } from './config.ts';
import { degradeCommands } from './degrade.ts';
import { failoverCommands } from './failover.ts';
import { idCommands } from './id.ts';
import { idNewCommands } from './id-new.ts';
import { migrationCommands } from './migration.ts';
import { reconCommands } from './recon.ts';
import { routeCommands } from './route.ts';
import { statusCommands } from './status.ts';

export const ALL_COMMANDS: readonly Command[] = [...idCommands, ...idNewCommands, ...routeCommands, ...statusCommands, ...failoverCommands, ...degradeCommands, ...configCommands, ...migrationCommands, ...reconCommands];
