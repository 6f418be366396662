# expect: preloadModels pulls models into a local Ollama, but ollamaHost (http://gpu.lan:11434) is another machine
{ services.ai-sysadmin = { enable = true; ollamaHost = "http://gpu.lan:11434"; preloadModels = [ "qwen3:8b" ]; }; }
