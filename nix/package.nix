# The ai-sysadmin package: the npm workspace built with tsc from package-lock.json.
#
# package-lock.json carries no `resolved` URLs, so nixpkgs' importNpmLock and fetchNpmDeps cannot
# read it. Instead `npmDeps` is a fixed-output derivation: it runs `npm ci` against npm's own
# default registry (none is named here) on the lockfile reduced to what the build needs
# (nix/npm-tree.mjs build-lock), and its output, node_modules, must hash to the pinned value in
# nix/npm-deps.json. npm checks every tarball against the lockfile's integrity hash, Nix checks the
# whole tree against the pin. After changing package-lock.json run nix/update-npm-deps-hash.sh.
{
  lib,
  stdenv,
  stdenvNoCC,
  nodejs,
  cacert,
}:
let
  root = ./..;
  packageJson = lib.importJSON ../package.json;
  pin = lib.importJSON ./npm-deps.json;

  # Only what the build reads: a change to tests, docs or the Nix files rebuilds nothing.
  relative = path: lib.removePrefix (toString root + "/") (toString path);
  sourceFilter =
    path: type:
    let
      rel = relative path;
      parts = lib.splitString "/" rel;
      base = baseNameOf rel;
    in
    !(builtins.elem base [ "node_modules" "dist" ".git" ] || lib.hasSuffix ".tsbuildinfo" base)
    && (
      builtins.elem rel [ "package.json" "package-lock.json" "tsconfig.json" "tsconfig.base.json" "README.md" "nix" "nix/npm-tree.mjs" "packages" "scenarios" ]
      || builtins.head parts == "scenarios"
      || (builtins.head parts == "packages" && (builtins.length parts <= 2 || builtins.elem (builtins.elemAt parts 2) [ "package.json" "tsconfig.json" "src" "bin" ]))
    );
  src = builtins.path { name = "ai-sysadmin-source"; path = root; filter = sourceFilter; };

  manifestFilter =
    path: type:
    let rel = relative path; parts = lib.splitString "/" rel; in
    builtins.elem rel [ "package.json" "package-lock.json" "nix" "nix/npm-tree.mjs" "packages" ]
    || (builtins.head parts == "packages" && (builtins.length parts == 2 || (builtins.length parts == 3 && builtins.elemAt parts 2 == "package.json")));
  manifests = builtins.path { name = "ai-sysadmin-npm-manifests"; path = root; filter = manifestFilter; };

  # The name carries the lockfile's hash: a changed lockfile is fetched anew and fails against the
  # old pin (telling you to run the update script) instead of reusing an older node_modules.
  lockId = builtins.substring 0 16 (builtins.hashFile "sha256" ../package-lock.json);

  npmDeps = stdenvNoCC.mkDerivation {
    name = "ai-sysadmin-npm-deps-${lockId}";
    src = manifests;
    nativeBuildInputs = [ nodejs ];
    # npm's own CA store serves the registry; this one serves proxies that re-sign TLS.
    NODE_EXTRA_CA_CERTS = "${cacert}/etc/ssl/certs/ca-bundle.crt";
    impureEnvVars = lib.fetchers.proxyImpureEnvVars ++ [ "NPM_CONFIG_REGISTRY" ];
    buildPhase = ''
      runHook preBuild
      export HOME="$TMPDIR" npm_config_cache="$TMPDIR/npm-cache" npm_config_update_notifier=false
      node nix/npm-tree.mjs build-lock .
      npm ci --ignore-scripts --no-audit --no-fund --loglevel=warn
      node nix/npm-tree.mjs drop-hidden .
      runHook postBuild
    '';
    installPhase = ''
      mkdir -p "$out"
      cp -r node_modules "$out/"
    '';
    # Nothing in node_modules may point into the store (a fixed-output path cannot refer to others).
    dontFixup = true;
    outputHashMode = "recursive";
    outputHashAlgo = "sha256";
    outputHash = pin.hash;
  };
in
stdenv.mkDerivation {
  pname = "ai-sysadmin";
  inherit (packageJson) version;
  inherit src;

  nativeBuildInputs = [ nodejs ];
  # patchShebangs points `#!/usr/bin/env node` at this node.
  buildInputs = [ nodejs ];

  buildPhase = ''
    runHook preBuild
    cp -r ${npmDeps}/node_modules node_modules
    chmod -R u+w node_modules
    node node_modules/typescript/bin/tsc -b
    runHook postBuild
  '';

  installPhase = ''
    runHook preInstall
    node nix/npm-tree.mjs drop-dev .
    lib="$out/lib/ai-sysadmin"
    mkdir -p "$lib" "$out/bin"
    cp package.json "$lib/"
    cp -r node_modules "$lib/"
    for p in packages/*; do
      mkdir -p "$lib/$p"
      cp -r "$p/package.json" "$p/dist" "$lib/$p/"
      if [ -d "$p/bin" ]; then cp -r "$p/bin" "$lib/$p/"; fi
    done
    # The eval's scenarios, where `ai-sysadmin eval` looks by default (next to packages/).
    cp -r scenarios "$lib/"
    find "$lib/packages" -name '*.tsbuildinfo' -delete
    chmod +x "$lib/packages/cli/bin/ai-sysadmin.js"
    # A link, not a wrapper: called through a link named <aiName>-chat, the program sees that name
    # (process.argv[1]) and runs `chat`.
    ln -s "$lib/packages/cli/bin/ai-sysadmin.js" "$out/bin/ai-sysadmin"
    runHook postInstall
  '';

  passthru = { inherit npmDeps; };

  meta = {
    description = packageJson.description;
    license = lib.licenses.mit;
    mainProgram = "ai-sysadmin";
    platforms = lib.platforms.linux;
  };
}
