# expect: uses pkgs.ollama-cuda, which needs unfree CUDA: set nixpkgs.config.allowUnfree = true
{ services.ai-sysadmin = { enable = true; ollamaAcceleration = "cuda"; }; }
