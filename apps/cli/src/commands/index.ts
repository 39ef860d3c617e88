/**
 * Every syctl command. One file per command group; online groups (status, failover,
 * degrade, throttle, config, migration, recon, key-types, callers, instances, draft, rules, requests, notify) add their list here.
 */
import type { Command } from '../framework/command.ts';
import { callerCommands } from './callers.ts';
import { configCommands } from './config.ts';
import { degradeCommands } from './degrade.ts';
import { draftCommands } from './draft.ts';
import { failoverCommands } from './failover.ts';
import { failoverPreviewCommands } from './failover-preview.ts';
import { idCommands } from './id.ts';
import { idNewCommands } from './id-new.ts';
import { instanceCommands } from './instances.ts';
import { keyTypeCommands } from './key-types.ts';
import { migrationCommands } from './migration.ts';
import { migrationShadowCommands } from './migration-shadow.ts';
import { notifyCommands } from './notify.ts';
import { reconCommands } from './recon.ts';
import { routeCommands } from './route.ts';
import { requestCommands } from './requests.ts';
import { rulesCommands } from './rules.ts';
import { statusCommands } from './status.ts';
import { throttleCommands } from './throttle.ts';

export const ALL_COMMANDS: readonly Command[] = [
  ...idCommands,
  ...idNewCommands,
  ...routeCommands,
  ...statusCommands,
  ...failoverCommands,
  ...degradeCommands,
  ...configCommands,
  ...migrationCommands,
  ...reconCommands,
  ...failoverPreviewCommands,
  ...keyTypeCommands,
  ...callerCommands,
  ...instanceCommands,
  ...draftCommands,
  ...throttleCommands,
  ...migrationShadowCommands,
  ...notifyCommands,
  ...rulesCommands,
  ...requestCommands,
];
