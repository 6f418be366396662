/** What the policy needs to know beyond the action: the autonomy level and the site's settings. */
import { type AllowedCommand, type AutonomyLevel, type Config, type RemoteSystem, LOCAL_HOST } from '@ai-sysadmin/core';

export interface PolicyContext {
  readonly autonomy: AutonomyLevel;
  /** The assistant's name: its own units are critical. */
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
  /** Its `.ssh` (the key to every managed host) is secret. */
  readonly stateDir?: string;
  /** Further secret files: the ssh key, the Gotify token file. */
  readonly extraSecretPaths?: readonly string[];
}

export function policyContextFromConfig(config: Config, overrides: { autonomy?: AutonomyLevel } = {}): PolicyContext {
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
  };
}
