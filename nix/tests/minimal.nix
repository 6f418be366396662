# The smallest useful configuration: everything on this machine, defaults throughout.
{
  networking.hostName = "rhiannon";
  services.ai-sysadmin.enable = true;
}
