# Most options at once: managed hosts, Gotify, SSH, thresholds, site commands, a NixOS
# configuration repository with root actions, ROCm Ollama, the OnFailure hook.
{ pkgs, ... }:
{
  networking.hostName = "Rhiannon";
  networking.domain = "home.example";
  services.nginx.enable = true;
  services.ai-sysadmin = {
    enable = true;
    autonomyLevel = "auto-safe";
    checkInterval = 120;
    model = "qwen3:14b";
    logLevel = "debug";
    ollamaAcceleration = "rocm";
    preloadModels = [ "qwen3:14b" "nomic-embed-text" ];
    gotify = {
      url = "https://gotify.home.example";
      tokenFile = "/run/secrets/gotify-token";
    };
    remoteSystems = [
      { name = "web1"; address = "10.0.0.5"; user = "ai-sysadmin"; sudo = true; os = "nixos"; }
      { name = "nas"; address = "nas.home.example"; port = 2222; }
    ];
    ssh = {
      user = "ai-sysadmin";
      knownHostsPath = "/etc/ssh/ssh_known_hosts";
      connectTimeoutSec = 5;
    };
    thresholds.disk = { warnPct = 80; criticalPct = 90; };
    thresholds.loadPerCore.warn = 2.5;
    extraAllowedCommands = [
      { program = "zpool"; args = [ "status" ]; risk = "read-only"; description = "ZFS pool health"; }
    ];
    criticalServices = [ "postgresql*" "nginx" ];
    notifications.minSeverity = "critical";
    llm.contextTokens = 16384;
    configRepo = "/home/admin/nixos-config";
    configBranch = "main";
    privileges = { root = true; power = true; };
    onFailureUnits = [ "nginx" "postgresql.service" ];
    environmentFile = "/run/secrets/ai-sysadmin.env";
    settings.toolCache.ttlHours = 24;
  };
}
