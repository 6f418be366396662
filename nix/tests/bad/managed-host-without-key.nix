# expect: services.ai-sysadmin-managed-host.authorizedKeys is empty
{ imports = [ ../../managed-host.nix ]; services.openssh.enable = true; services.ai-sysadmin-managed-host.enable = true; }
