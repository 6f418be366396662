# needs: api
# expect: api.listen (0.0.0.0:8787) opens the API on TCP, which needs api.tokenFile
{ services.ai-sysadmin = { enable = true; api.listen = "0.0.0.0:8787"; }; }
