# expect: privileges.root writes sudo rules, but security.sudo is off
{ security.sudo.enable = false; services.ai-sysadmin = { enable = true; privileges.root = true; }; }
