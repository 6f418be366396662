# services.ai-sysadmin: the assistant as two hardened systemd services, `<aiName>-ai.service`
# (the daemon) and `<aiName>-ollama-worker.service` (the LLM queue worker), with Redis, ChromaDB
# and Ollama beside them and the `<aiName>-*` commands on PATH.
#
# The options that mirror the config file are generated from the config schema
# (nix/options.generated.nix, `npm run gen:nix`); the ones declared here are about the machine:
# the package, the role, the user, what the services may do as root, the services next to them.
# Works imported on its own (`imports = [ ./module.nix ]`) and as the flake's nixosModules.default.
{
  config,
  lib,
  pkgs,
  options,
  ...
}:
let
  inherit (lib)
    mkOption
    mkEnableOption
    mkIf
    mkMerge
    mkDefault
    types
    optional
    optionals
    optionalAttrs
    literalExpression
    escapeShellArg
    ;

  cfg = config.services.ai-sysadmin;
  json = pkgs.formats.json { };
  schemaOptions = import ./nix/options.generated.nix {
    inherit lib;
    jsonValue = json.type;
  };
  configFileContents = import ./nix/config-file.nix { inherit lib; };
  sudoRules = import ./nix/sudo-rules.nix { inherit lib; };

  # The config schema's defaultAiName(): the short host name, lowercased, made safe for unit and
  # command names.
  hostAiName =
    let
      short = lib.toLower (builtins.head (lib.splitString "." config.networking.hostName));
      safe = lib.stringAsChars (c: if builtins.match "[a-z0-9-]" c != null then c else "-") short;
    in
    if builtins.match "[a-z0-9][a-z0-9-]{0,62}" safe != null then safe else "ai";

  # Also read while the module is off (unit names are attribute names), when the options are null.
  aiName = if cfg.aiName != null then cfg.aiName else hostAiName;
  daemonUnit = "${aiName}-ai";
  workerUnit = "${aiName}-ollama-worker";
  triggerUnit = "${aiName}-unit-failed";
  runtimeDir = "${aiName}-ai";
  apiSocket = "/run/${runtimeDir}/api.sock";
  stateDir = if cfg.stateDir != null then cfg.stateDir else "/var/lib/ai-sysadmin";
  stateDirectory = lib.removePrefix "/var/lib/" stateDir;
  stateUnderVarLib = lib.hasPrefix "/var/lib/" stateDir && stateDirectory != "";
  isFull = cfg.role == "full";
  exe = lib.getExe cfg.package;

  redisServer = config.services.redis.servers.ai-sysadmin;
  redisSocket = "/run/redis-ai-sysadmin/redis.sock";
  localRedisUrl = "unix://${redisSocket}";
  runsRedis = cfg.runRedis;

  # `http://host:port/...` -> { host, port } when host is this machine.
  localEndpoint =
    url: defaultPort:
    let
      m = builtins.match "https?://(127\\.0\\.0\\.1|localhost|\\[::1])(:([0-9]+))?(/.*)?" url;
    in
    if m == null then
      null
    else
      {
        host = if builtins.elemAt m 0 == "[::1]" then "::1" else builtins.elemAt m 0;
        port = if builtins.elemAt m 2 == null then defaultPort else lib.toInt (builtins.elemAt m 2);
      };
  ollamaLocal = localEndpoint cfg.ollamaHost 11434;
  chromaLocal = localEndpoint cfg.chromaUrl 8000;
  runsOllama = ollamaLocal != null;
  runsChroma = isFull && chromaLocal != null && options.services ? chromadb;
  isLoopbackOrSocket = url: lib.hasPrefix "unix:" url || builtins.match "rediss?://([^@/]*@)?(127\\.[0-9.]+|localhost|\\[::1])([:/].*)?" url != null;

  # The schema grows `api` (socket, group, listen, tokenFile); everything about it waits for it.
  schemaHasApi = schemaOptions ? api;
  apiListen = if schemaHasApi then cfg.api.listen or null else null;
  apiListenPort =
    let
      m = if apiListen == null then null else builtins.match ".*:([0-9]+)" apiListen;
    in
    if m == null then null else lib.toInt (builtins.head m);

  accelerationPackages = {
    rocm = "ollama-rocm";
    cuda = "ollama-cuda";
    vulkan = "ollama-vulkan";
  };
  ollamaPackage =
    let
      name = accelerationPackages.${cfg.ollamaAcceleration};
    in
    # Older nixpkgs had one ollama with an `acceleration` argument instead of these packages.
    pkgs.${name} or (pkgs.ollama.override { acceleration = cfg.ollamaAcceleration; });
  allowsUnfree = (pkgs.config.allowUnfree or false) || pkgs.config ? allowUnfreePredicate;

  modelsToPreload =
    if cfg.preloadModels != null then
      cfg.preloadModels
    else if runsOllama then
      lib.unique [
        cfg.model
        cfg.embedModel
      ]
    else
      [ ];

  # For both long-running Node processes: glibc's malloc gives each thread its own arena, and
  # the ones libuv's and V8's threads fill stay with the process; two hold its RSS lower and flatter
  # (the soak bench runs the daemon the same way, see DESIGN.md "Memory").
  nodeEnvironment = {
    MALLOC_ARENA_MAX = "2";
  };

  # The config file: the schema's options (generated), then `settings` over them.
  configJson = json.generate "ai-sysadmin-${aiName}.json" (
    lib.recursiveUpdate (configFileContents schemaOptions cfg) cfg.settings
  );
  configFile =
    if cfg.checkConfig then
      pkgs.runCommand "ai-sysadmin-${aiName}-config.json"
        {
          nativeBuildInputs = [ cfg.package ];
          preferLocalBuild = true;
        }
        ''
          # The program's own check: every wrong field by path, with "did you mean".
          env -i HOME="$TMPDIR" PATH="$PATH" ai-sysadmin config check --config ${configJson}
          cp ${configJson} "$out"
        ''
    else
      configJson;

  subcommands = [
    "chat"
    "ask"
    "check"
    "approve"
    "logs"
    "issues"
    "knowledge"
    "systems"
    "configs"
    "notify"
    "status"
  ];
  # Links named after the assistant: called as rhiannon-chat, the program runs `chat`.
  commands = pkgs.runCommand "ai-sysadmin-${aiName}-commands" { preferLocalBuild = true; } ''
    mkdir -p "$out/bin"
    for sub in ${lib.concatStringsSep " " subcommands}; do
      ln -s ${exe} "$out/bin/${aiName}-$sub"
    done
  '';

  sshKeyPath = if cfg.ssh.keyPath != null then cfg.ssh.keyPath else "${stateDir}/.ssh/id_ed25519";
  knownHostsPath = if cfg.ssh.knownHostsPath != null then cfg.ssh.knownHostsPath else "${stateDir}/.ssh/known_hosts";
  # First start: an SSH key pair for the managed hosts, and an empty known_hosts.
  sshSetup = pkgs.writeShellScript "${daemonUnit}-ssh-key" ''
    set -eu
    key=${escapeShellArg sshKeyPath}
    known=${escapeShellArg knownHostsPath}
    dir=$(dirname "$key")
    if [ ! -e "$key" ]; then
      if mkdir -p -m 0700 "$dir" 2>/dev/null && [ -w "$dir" ]; then
        ${pkgs.openssh}/bin/ssh-keygen -q -t ed25519 -N "" -C ${escapeShellArg "${daemonUnit}@${config.networking.hostName}"} -f "$key"
        echo "Made the SSH key $key for managed hosts. Its public half, for their authorized_keys:"
        cat "$key.pub"
      else
        echo "No SSH key at $key, and $dir is not writable by $(id -un): managed hosts cannot be reached until one is there." >&2
      fi
    fi
    if [ ! -e "$known" ] && [ -w "$(dirname "$known")" ]; then
      install -m 0600 /dev/null "$known"
    fi
  '';

  redisGroups = optional runsRedis redisServer.group;
  restart = {
    Restart = "on-failure";
    RestartSec = "5s";
    # Back-off: 5 s doubling to 5 min (systemd 254 and later; older ones keep 5 s).
    RestartSteps = 6;
    RestartMaxDelaySec = "5min";
  };

  # What both services keep: no device, kernel or namespace access, the file system read-only but
  # their state directory, only the address families they use. MemoryDenyWriteExecute stays off:
  # V8's JIT writes code.
  sandbox = {
    NoNewPrivileges = true;
    CapabilityBoundingSet = "";
    AmbientCapabilities = "";
    ProtectSystem = "strict";
    ProtectHome = true;
    PrivateTmp = true;
    ProtectKernelTunables = true;
    ProtectKernelModules = true;
    ProtectKernelLogs = true;
    ProtectControlGroups = true;
    ProtectClock = true;
    ProtectHostname = true;
    RestrictNamespaces = true;
    RestrictRealtime = true;
    RestrictSUIDSGID = true;
    LockPersonality = true;
    RemoveIPC = true;
    SystemCallArchitectures = "native";
    SystemCallFilter = [
      "@system-service"
      "~@privileged"
    ];
    SystemCallErrorNumber = "EPERM";
    UMask = "0027";
  };
  stateAccess =
    if stateUnderVarLib then
      {
        StateDirectory = stateDirectory;
        StateDirectoryMode = "0750";
      }
    else
      { ReadWritePaths = [ stateDir ]; };

  # The configuration repository: a git working copy the daemon adds worktrees to.
  repoUnderHome =
    cfg.configRepo != null && (lib.hasPrefix "/home/" cfg.configRepo || lib.hasPrefix "/root/" cfg.configRepo);
  repoAccess = optionalAttrs (cfg.configRepo != null) (
    if repoUnderHome then
      {
        ProtectHome = "tmpfs";
        BindPaths = [ "-${cfg.configRepo}" ];
      }
    else
      { ReadWritePaths = [ "-${cfg.configRepo}" ]; }
  );

  daemonSandbox =
    if cfg.privileges.root then
      # Root actions (a NixOS switch, garbage collection of old generations) write /etc, /boot and
      # the system profile and need every capability: a sandbox would make them fail. The sudo
      # rules are the fence then.
      { PrivateTmp = true; UMask = "0027"; }
    else
      sandbox
      // {
        # It monitors this machine: every process (ps), GPUs (nvidia-smi opens /dev/nvidia*), the
        # network (ip, ss use netlink).
        PrivateDevices = false;
        RestrictAddressFamilies = [
          "AF_UNIX"
          "AF_INET"
          "AF_INET6"
          "AF_NETLINK"
        ];
      }
      // repoAccess;

  workerSandbox = sandbox // {
    PrivateDevices = true;
    ProtectProc = "invisible";
    RestrictAddressFamilies = [
      "AF_UNIX"
      "AF_INET"
      "AF_INET6"
    ];
  };

  # `nginx` means nginx.service; other unit types keep their suffix.
  onFailureUnitNames = map (
    name: if builtins.match ".*\\.(service|socket|timer|mount|automount|swap|target|path|slice|scope)" name != null then name else "${name}.service"
  ) cfg.onFailureUnits;
  badUnitNames = lib.filter (name: builtins.match "[A-Za-z0-9:_.@\\-]+" name == null) cfg.onFailureUnits;
  dependencies =
    optional runsRedis "redis-ai-sysadmin.service"
    ++ optional runsChroma "chromadb.service"
    ++ optional runsOllama "ollama.service";
  workerDependencies =
    optional runsRedis "redis-ai-sysadmin.service" ++ optional runsOllama "ollama.service";

  privilegePaths = import ./nix/system-paths.nix { inherit config pkgs; };

  unitVerbs = [ "start" "stop" "restart" "try-restart" "reload" "reload-or-restart" "reload-or-try-restart" "reset-failed" "kill" ];
  powerActions = map (a: "org.freedesktop.login1.${a}") [
    "reboot" "reboot-multiple-sessions" "reboot-ignore-inhibit"
    "power-off" "power-off-multiple-sessions" "power-off-ignore-inhibit"
    "halt" "halt-multiple-sessions" "halt-ignore-inhibit"
  ];
  polkitRules = lib.concatStringsSep "\n" (
    [
      "// ai-sysadmin (${aiName}): what its daemon (user ${cfg.user}) may ask systemd and logind. Which unit,"
      "// and whether at all, is the executor's policy and a person's approval; this is the fence behind them."
      "polkit.addRule(function (action, subject) {"
      "  if (subject.user !== ${builtins.toJSON cfg.user}) return polkit.Result.NOT_HANDLED;"
    ]
    ++ optionals cfg.privileges.units [
      "  if (action.id === \"org.freedesktop.systemd1.manage-units\" && ${builtins.toJSON unitVerbs}.indexOf(action.lookup(\"verb\")) !== -1) return polkit.Result.YES;"
      "  if (action.id === \"org.freedesktop.systemd1.manage-unit-files\" || action.id === \"org.freedesktop.systemd1.reload-daemon\") return polkit.Result.YES;"
    ]
    ++ optionals cfg.privileges.power [
      "  if (${builtins.toJSON powerActions}.indexOf(action.id) !== -1) return polkit.Result.YES;"
    ]
    ++ [
      "  return polkit.Result.NOT_HANDLED;"
      "});"
    ]
  );

  # The options about this machine, beside the ones that mirror the config file.
  machineOptions = {
    enable = mkEnableOption "ai-sysadmin, the AI system administrator";

    package = mkOption {
      type = types.package;
      default = pkgs.ai-sysadmin or (pkgs.callPackage ./nix/package.nix { });
      defaultText = literalExpression "pkgs.ai-sysadmin (from this flake's overlay), else built from this repository";
      description = "The ai-sysadmin package.";
    };

    role = mkOption {
      type = types.enum [
        "full"
        "worker"
      ];
      default = "full";
      description = ''
        `full`: the daemon, the LLM worker, Redis, ChromaDB and (with a local `ollamaHost`) Ollama.
        `worker`: only `<aiName>-ollama-worker.service` (and Ollama), for a second machine with the
        GPU; it serves the queue on the first machine's Redis (`redisUrl`), and `aiName` must be
        the first machine's, since the queue is named after it.
      '';
    };

    runRedis = mkOption {
      type = types.bool;
      default = cfg.role == "full";
      defaultText = literalExpression ''config.services.ai-sysadmin.role == "full"'';
      description = ''
        Run Redis for the queue and the approvals here, as `services.redis.servers.ai-sysadmin`
        (on the unix socket ${"/run/redis-ai-sysadmin/redis.sock"} only, with RDB snapshots and the
        append-only file), and point `redisUrl` at it. For a worker on another machine give that
        server a port and bind address (`services.redis.servers.ai-sysadmin.port`, `.bind`).
      '';
    };

    runWorker = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Run `<aiName>-ollama-worker.service` here. Turn it off on the first machine of a two-box
        setup whose second machine (`role = "worker"`) serves the queue: one worker serves it,
        so inference never runs twice at once.
      '';
    };

    user = mkOption {
      type = types.str;
      default = "ai-sysadmin";
      description = "The system user both services run as (made by the module when it is the default).";
    };

    group = mkOption {
      type = types.str;
      default = "ai-sysadmin";
      description = ''
        The services' group. Its members may use the `<aiName>-*` commands: the daemon's API socket
        (`/run/<aiName>-ai/api.sock`) is open to this group, and nobody else.
      '';
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open the TCP port of `api.listen` (when set) in the firewall. The unix socket needs nothing.";
    };

    ollamaAcceleration = mkOption {
      type = types.nullOr (
        types.enum [
          "rocm"
          "cuda"
          "vulkan"
        ]
      );
      default = null;
      example = "rocm";
      description = ''
        GPU acceleration of the local Ollama. nixpkgs has removed `services.ollama.acceleration`
        (setting it fails an assertion); acceleration is the package now, so this sets
        `services.ollama.package` to `pkgs.ollama-rocm`, `pkgs.ollama-cuda` or `pkgs.ollama-vulkan`
        (null: `pkgs.ollama`, which follows `nixpkgs.config.rocmSupport`/`cudaSupport`). `cuda`
        needs `nixpkgs.config.allowUnfree` (or an `allowUnfreePredicate`). An AMD card ROCm does
        not recognise may need `services.ollama.rocmOverrideGfx` (e.g. "10.3.0").
      '';
    };

    preloadModels = mkOption {
      type = types.nullOr (types.listOf types.str);
      default = null;
      example = [
        "qwen3:8b"
        "nomic-embed-text"
      ];
      description = ''
        Models the local Ollama pulls at start (`services.ollama.loadModels`). null: `model` and
        `embedModel` when Ollama runs here, none otherwise. Only for a local `ollamaHost`.
      '';
    };

    settings = mkOption {
      type = json.type;
      default = { };
      example = literalExpression ''{ thresholds.disk.warnPct = 80; }'';
      description = ''
        Free-form config file entries, merged over the ones the options above write (for a field
        the options do not have yet). `ai-sysadmin config schema` describes them all.
      '';
    };

    environmentFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/secrets/ai-sysadmin.env";
      description = ''
        A file of `AI_SYSADMIN_*=value` lines read by both services at start (by systemd, as root),
        for what must not be in the Nix store, e.g.
        `AI_SYSADMIN_REDIS_URL=redis://:password@box1:6379` on a worker machine.
      '';
    };

    checkConfig = mkOption {
      type = types.bool;
      default = pkgs.stdenv.buildPlatform.canExecute pkgs.stdenv.hostPlatform;
      defaultText = literalExpression "pkgs.stdenv.buildPlatform.canExecute pkgs.stdenv.hostPlatform";
      description = ''
        Check the generated config file with `ai-sysadmin config check` when the system is built,
        so what the options cannot say (cross-field rules such as warnPct below criticalPct, URL
        schemes, `settings`) fails the build instead of the service.
      '';
    };

    onFailureUnits = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [
        "nginx"
        "postgresql.service"
      ];
      description = ''
        Services whose failure triggers a check at once: each gets
        `OnFailure=<aiName>-unit-failed@%n.service`, which runs
        `ai-sysadmin trigger unit-failed <unit>`. Other units can use the same template.
      '';
    };

    privileges = {
      units = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Let the daemon start, restart, reload, reset, stop, kill, disable and mask units and
          reload systemd, through a polkit rule for its user (the services stay fully sandboxed).
          Which unit, and whether at all, is decided by the executor's policy, the autonomy level
          and a person's approval.
        '';
      };
      power = mkOption {
        type = types.bool;
        default = false;
        description = "Let the daemon reboot and power off this machine (polkit; the policy always asks a person first).";
      };
      root = mkOption {
        type = types.bool;
        default = false;
        description = ''
          Sudo rules for the root-only commands of the catalog: `nixos-rebuild switch|boot|test`
          of the changes the executor built in `<stateDir>/nixos-changes/` and rollbacks, Nix
          garbage collection (also of old generations), store optimise and repair, journal reads,
          and the unit and power commands. Needed to switch this machine to an approved NixOS
          change. Those commands write /etc, /boot and the system profile, so the daemon then runs
          without its file-system and system-call sandbox: this makes its user as powerful as the
          changes a person approves.
        '';
      };
    };
  };
  overlap = builtins.attrNames (builtins.intersectAttrs schemaOptions machineOptions);
in
{
  options.services.ai-sysadmin =
    lib.throwIf (overlap != [ ])
      "module.nix declares ${lib.concatStringsSep ", " overlap}, which the config schema now has too: rename the module's option"
      (schemaOptions // machineOptions);

  config = mkIf cfg.enable (mkMerge [
    {
      services.ai-sysadmin = {
        aiName = mkDefault hostAiName;
        stateDir = mkDefault "/var/lib/ai-sysadmin";
        redisUrl = mkIf cfg.runRedis (mkDefault localRedisUrl);
      };

      assertions = [
        {
          assertion = !(cfg.preloadModels != null && cfg.preloadModels != [ ] && !runsOllama);
          message = "services.ai-sysadmin.preloadModels pulls models into a local Ollama, but ollamaHost (${cfg.ollamaHost}) is another machine: pull them there (`ollama pull MODEL`) or remove preloadModels.";
        }
        {
          assertion = !(cfg.role == "worker" && isLoopbackOrSocket cfg.redisUrl && cfg.environmentFile == null);
          message = ''services.ai-sysadmin.role = "worker" runs no Redis, but redisUrl (${cfg.redisUrl}) points at this machine: set it to the first machine's Redis (redis://box1:6379, or rediss://), or pass AI_SYSADMIN_REDIS_URL in environmentFile when it carries a password.'';
        }
        {
          assertion = !(cfg.role == "worker" && !cfg.runWorker);
          message = ''services.ai-sysadmin.role = "worker" with runWorker = false runs nothing.'';
        }
        {
          assertion = !(cfg.role == "worker" && options.services.ai-sysadmin.aiName.highestPrio >= 1000);
          message = ''services.ai-sysadmin.role = "worker" serves the queue named after the first machine's assistant: set aiName to that machine's (its default is this host's name, ${hostAiName}).'';
        }
        {
          assertion = !(cfg.ollamaAcceleration == "cuda" && !allowsUnfree);
          message = ''services.ai-sysadmin.ollamaAcceleration = "cuda" uses pkgs.ollama-cuda, which needs unfree CUDA: set nixpkgs.config.allowUnfree = true (or an allowUnfreePredicate admitting the CUDA packages).'';
        }
        {
          assertion = !(cfg.ollamaAcceleration != null && !runsOllama);
          message = "services.ai-sysadmin.ollamaAcceleration sets up the local Ollama, but ollamaHost (${cfg.ollamaHost}) is another machine: set the acceleration there.";
        }
        {
          assertion = badUnitNames == [ ];
          message = "services.ai-sysadmin.onFailureUnits: ${lib.concatStringsSep ", " badUnitNames} is not a unit name (letters, digits and :_.@\\- only).";
        }
        {
          assertion = !(cfg.privileges.root && cfg.user == "root");
          message = "services.ai-sysadmin.user = \"root\" needs no sudo rules: leave privileges.root off.";
        }
        {
          assertion = !(cfg.privileges.root && !config.security.sudo.enable);
          message = "services.ai-sysadmin.privileges.root writes sudo rules, but security.sudo is off (sudo-rs cannot express them: they are regular expressions): enable security.sudo or turn privileges.root off.";
        }
        {
          assertion = !(cfg.openFirewall && apiListen == null);
          message = "services.ai-sysadmin.openFirewall opens the port of api.listen, which is not set: the unix socket needs no firewall rule.";
        }
      ]
      ++ optionals schemaHasApi [
        {
          assertion = !(apiListen != null && (cfg.api.tokenFile or null) == null);
          message = "services.ai-sysadmin.api.listen (${toString apiListen}) opens the API on TCP, which needs api.tokenFile: a file holding the token every client must send.";
        }
        {
          assertion = !(apiListen != null && cfg.openFirewall && apiListenPort == null);
          message = "services.ai-sysadmin.api.listen must be host:port for openFirewall to know the port.";
        }
      ];

      warnings =
        optional (cfg.configRepo != null && isFull && !cfg.privileges.root) "services.ai-sysadmin.configRepo is set, but privileges.root is off: the assistant can propose and build NixOS changes, and switch managed hosts, but not switch this machine."
        ++ optional (cfg.privileges.root && cfg.nixosTool == "nh") "services.ai-sysadmin.nixosTool = \"nh\": nh elevates with sudo by itself, and the sudo rules cover nixos-rebuild only: switching this machine through nh will be refused.";

      users.users = optionalAttrs (cfg.user == "ai-sysadmin") {
        ai-sysadmin = {
          isSystemUser = true;
          group = cfg.group;
          home = stateDir;
          description = "ai-sysadmin (${aiName})";
        };
      };
      users.groups = optionalAttrs (cfg.group == "ai-sysadmin") { ai-sysadmin = { }; };

      systemd.tmpfiles.rules = optional (!stateUnderVarLib) "d ${stateDir} 0750 ${cfg.user} ${cfg.group} - -";

      environment.systemPackages = [
        cfg.package
        commands
      ];
      # Where the commands find the config (and with it the API socket).
      environment.etc."ai-sysadmin/config.json".source = configFile;

      systemd.services.${workerUnit} = mkIf cfg.runWorker {
        description = "ai-sysadmin LLM worker (${aiName}): serves the queue on Redis with Ollama";
        wantedBy = [ "multi-user.target" ];
        after = [ "network-online.target" ] ++ workerDependencies;
        wants = [ "network-online.target" ] ++ workerDependencies;
        environment = nodeEnvironment;
        serviceConfig =
          workerSandbox
          // stateAccess
          // restart
          // {
            Type = "exec";
            ExecStart = "${exe} worker --config ${configFile}";
            User = cfg.user;
            Group = cfg.group;
            SupplementaryGroups = redisGroups;
            EnvironmentFile = optional (cfg.environmentFile != null) cfg.environmentFile;
            # The job in flight may finish for llm.shutdownGraceSec after SIGTERM.
            TimeoutStopSec = cfg.llm.shutdownGraceSec + 10;
            MemoryHigh = mkDefault "768M";
            MemoryMax = mkDefault "1G";
            CPUQuota = mkDefault "100%";
            TasksMax = mkDefault 128;
          };
      };
    }

    (mkIf isFull {
      systemd.services.${daemonUnit} = {
        description = "ai-sysadmin daemon (${aiName}): monitoring, findings, approvals and the API";
        wantedBy = [ "multi-user.target" ];
        after = [ "network-online.target" ] ++ dependencies;
        wants = [ "network-online.target" ] ++ dependencies;
        # The programs it runs: the system's, and sudo's wrapper.
        path = [
          pkgs.coreutils
          pkgs.procps
          pkgs.util-linux
          pkgs.gnugrep
          pkgs.gitMinimal
          pkgs.openssh
          config.systemd.package
          config.nix.package
          config.system.build.nixos-rebuild
          "/run/wrappers"
          "/run/current-system/sw"
        ];
        # git refuses a repository another user owns ("dubious ownership"): configRepo is the
        # admin's working copy, and the daemon adds its change worktrees to it.
        environment =
          nodeEnvironment
          // lib.optionalAttrs (cfg.configRepo != null) {
            GIT_CONFIG_COUNT = "1";
            GIT_CONFIG_KEY_0 = "safe.directory";
            GIT_CONFIG_VALUE_0 = cfg.configRepo;
          };
        serviceConfig =
          daemonSandbox
          // stateAccess
          // restart
          // {
            Type = "exec";
            ExecStartPre = "${sshSetup}";
            ExecStart = "${exe} daemon --config ${configFile}";
            User = cfg.user;
            Group = cfg.group;
            SupplementaryGroups = [ "systemd-journal" ] ++ redisGroups;
            EnvironmentFile = optional (cfg.environmentFile != null) cfg.environmentFile;
            RuntimeDirectory = runtimeDir;
            RuntimeDirectoryMode = "0750";
            TimeoutStopSec = "30s";
            MemoryHigh = mkDefault "768M";
            MemoryMax = mkDefault "1536M";
            CPUQuota = mkDefault "200%";
            TasksMax = mkDefault 512;
          };
      };

      # OnFailure= target: `<aiName>-unit-failed@nginx.service.service` tells the daemon.
      systemd.services."${triggerUnit}@" = {
        description = "Tell ai-sysadmin (${aiName}) that %i failed";
        serviceConfig = workerSandbox // {
          Type = "oneshot";
          ExecStart = "${exe} trigger unit-failed %i --config ${configFile}";
          User = cfg.user;
          Group = cfg.group;
          TimeoutStartSec = "60s";
        };
      };
    })

    # A drop-in per listed unit, so a unit that is not there (yet) gets no half-made unit file:
    # systemd ignores drop-ins of units it does not have.
    (mkIf (isFull && cfg.onFailureUnits != [ ]) {
      systemd.packages = map (
        unit:
        pkgs.writeTextFile {
          name = "ai-sysadmin-on-failure-${unit}";
          destination = "/lib/systemd/system/${unit}.d/ai-sysadmin-on-failure.conf";
          text = ''
            [Unit]
            OnFailure=${triggerUnit}@%n.service
          '';
        }
      ) onFailureUnitNames;
    })

    # Only once the schema has `api` (an option that does not exist cannot even be set under mkIf).
    (optionalAttrs schemaHasApi (mkIf isFull {
      services.ai-sysadmin.api = {
        socket = mkDefault apiSocket;
        group = mkDefault cfg.group;
      };
    }))

    (mkIf (cfg.openFirewall && apiListenPort != null) {
      networking.firewall.allowedTCPPorts = [ apiListenPort ];
    })

    (mkIf runsRedis {
      # Approvals and the queue survive a reboot: RDB snapshots and the append-only file.
      services.redis.servers.ai-sysadmin = {
        enable = true;
        port = mkDefault 0;
        unixSocket = mkDefault redisSocket;
        unixSocketPerm = mkDefault 660;
        appendOnly = mkDefault true;
      };
    })

    (mkIf runsChroma {
      services.chromadb = {
        enable = true;
        host = mkDefault chromaLocal.host;
        port = mkDefault chromaLocal.port;
      };
    })

    (mkIf runsOllama {
      services.ollama = {
        enable = true;
        host = mkDefault ollamaLocal.host;
        port = mkDefault ollamaLocal.port;
        loadModels = modelsToPreload;
      }
      // optionalAttrs (cfg.ollamaAcceleration != null) { package = mkDefault ollamaPackage; };
    })

    (mkIf (isFull && (cfg.privileges.units || cfg.privileges.power)) {
      security.polkit.enable = true;
      security.polkit.extraConfig = polkitRules;
    })

    (mkIf (isFull && cfg.privileges.root) {
      security.sudo.extraConfig = sudoRules {
        paths = privilegePaths;
        user = cfg.user;
        units = true;
        journal = true;
        nixStore = true;
        power = cfg.privileges.power;
        nixosChanges = stateDir;
      };
    })
  ]);
}
