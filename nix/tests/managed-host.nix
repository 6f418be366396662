# A host the assistant manages over SSH (nixosModules.managed-host), switchable by it.
{
  imports = [ ../managed-host.nix ];
  networking.hostName = "web1";
  services.openssh.enable = true;
  services.ai-sysadmin-managed-host = {
    enable = true;
    authorizedKeys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9pZW5hbGx5IG5vdCBhIHJlYWwga2V5IGF0IGFsbA rhiannon-ai@rhiannon" ];
    sudo.nixosSwitch = true;
  };
}
