# expect: openFirewall opens the port of api.listen, which is not set
{ services.ai-sysadmin = { enable = true; openFirewall = true; }; }
