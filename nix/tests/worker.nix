# The GPU box of a two-box setup: only the worker (and Ollama with CUDA), serving the queue of the
# assistant "rhiannon" on rhiannon's Redis.
{
  networking.hostName = "gpu";
  nixpkgs.config.allowUnfree = true;
  services.ai-sysadmin = {
    enable = true;
    role = "worker";
    aiName = "rhiannon";
    redisUrl = "redis://10.0.0.1:6379";
    ollamaAcceleration = "cuda";
    model = "qwen3:32b";
  };
}
