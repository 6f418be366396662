/** What the policy needs to know beyond the action: the autonomy level, the site's settings, and facts from the host. */
import { type AllowedCommand, type AutonomyLevel, type Config, type RemoteSystem, LOCAL_HOST } from '@ai-sysadmin/core';
import { type DestinationSettings, destinationSettings } from './destinations.js';
import type { UnitStates } from './unit-facts.js';

export interface PolicyContext {
  readonly autonomy: AutonomyLevel;
  /** The assistant's name: its own units are critical, its name is no logger tag. */
  readonly aiName?: string;
  /** Config `criticalServices`, on top of the built-in list. */
  readonly criticalServices?: readonly string[];
  /** Config `extraAllowedCommands`: shapes the site allows; never a forbidden one. */
  readonly extraAllowedCommands?: readonly AllowedCommand[];
  /** Host names an action may name (`local` and the managed systems); when given, any other is refused. */
  readonly knownHosts?: readonly string[];
  /** Managed systems, for `--target-host` destinations. */
  readonly remoteSystems?: readonly Pick<RemoteSystem, 'name' | 'address' | 'user'>[];
  readonly sshUser?: string;
  /** Its `.ssh` (the key to every managed host) is secret; its change worktrees are a trusted build source. */
  readonly stateDir?: string;
  /** Further secret files: the ssh key, the Gotify token file. */
  readonly extraSecretPaths?: readonly string[];
  /** Config `configRepo`: readable, and a trusted build source. */
  readonly configRepo?: string;
  /** Config `policy.readablePaths` and `policy.listableDirs`. */
  readonly readablePaths?: readonly string[];
  readonly listableDirs?: readonly string[];
  /** Config `policy.trustedBuildSources`. */
  readonly trustedBuildSources?: readonly string[];
  /** Where network tools may go: config `policy.allowedDestinations`, the managed systems, the assistant's services. */
  readonly destinations?: DestinationSettings;
  /** Config `policy.highRiskUnits`. */
  readonly highRiskUnits?: readonly string[];
  /** Config `policy.loggerTags`. */
  readonly loggerTags?: readonly string[];
  /**
   * Units an open issue names on a host: the daemon's issue tracker feeds this. A restart of such
   * a unit (while it runs) is low risk; without it only failed units are.
   */
  readonly openIssueUnits?: (host: string) => readonly string[];
  /** Unit states gathered on the host just before the decision (the executor fills this). */
  readonly unitStates?: UnitStates;
}

export interface PolicyContextOptions {
  readonly autonomy?: AutonomyLevel;
  readonly openIssueUnits?: (host: string) => readonly string[];
}

export function policyContextFromConfig(config: Config, overrides: PolicyContextOptions = {}): PolicyContext {
  return {
    autonomy: overrides.autonomy ?? config.autonomyLevel,
    aiName: config.aiName,
    criticalServices: config.criticalServices,
    extraAllowedCommands: config.extraAllowedCommands,
    knownHosts: [LOCAL_HOST, ...config.remoteSystems.map((s) => s.name)],
    remoteSystems: config.remoteSystems,
    sshUser: config.ssh.user,
    stateDir: config.stateDir,
    extraSecretPaths: [
      config.ssh.keyPath,
      ...[config.gotify?.tokenFile, config.notifications.webhook?.tokenFile, config.api.tokenFile].filter(
        (p): p is string => p !== undefined,
      ),
    ],
    ...(config.configRepo ? { configRepo: config.configRepo } : {}),
    readablePaths: config.policy.readablePaths,
    listableDirs: config.policy.listableDirs,
    trustedBuildSources: config.policy.trustedBuildSources,
    destinations: destinationSettings({
      allowedDestinations: config.policy.allowedDestinations,
      managedAddresses: config.remoteSystems.map((s) => s.address),
      serviceUrls: [config.ollamaHost, config.chromaUrl, ...(config.gotify ? [config.gotify.url] : [])],
      redisUrl: config.redisUrl,
    }),
    highRiskUnits: config.policy.highRiskUnits,
    loggerTags: config.policy.loggerTags,
    ...(overrides.openIssueUnits ? { openIssueUnits: overrides.openIssueUnits } : {}),
  };
}
