# expect: role = "worker" runs no Redis, but redisUrl (redis://127.0.0.1:6379) points at this machine
{ services.ai-sysadmin = { enable = true; role = "worker"; aiName = "rhiannon"; }; }
