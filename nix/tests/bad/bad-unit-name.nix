# expect: onFailureUnits: nginx; rm -rf is not a unit name
{ services.ai-sysadmin = { enable = true; onFailureUnits = [ "nginx; rm -rf" ]; }; }
