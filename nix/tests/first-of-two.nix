# The first box of a two-box setup: the daemon, Redis (also on the private link) and ChromaDB;
# the worker and Ollama run on the GPU box (worker.nix).
{
  networking.hostName = "rhiannon";
  services.ai-sysadmin = {
    enable = true;
    runWorker = false;
    ollamaHost = "http://10.0.0.2:11434";
  };
  services.redis.servers.ai-sysadmin = {
    bind = "10.0.0.1";
    port = 6379;
  };
  networking.firewall.interfaces.wg0.allowedTCPPorts = [ 6379 ];
}
