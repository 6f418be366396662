# expect: serves the queue named after the first machine's assistant: set aiName
{ networking.hostName = "gpu"; services.ai-sysadmin = { enable = true; role = "worker"; redisUrl = "redis://10.0.0.1:6379"; }; }
