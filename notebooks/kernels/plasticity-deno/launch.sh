#!/bin/sh
# Starts the Deno Jupyter kernel from the npm package "deno" (a devDependency of this repository), so no
# global install is needed. Jupyter runs this with the connection file as its argument (see kernel.json),
# in the notebook's folder; Deno finds notebooks/deno.json from there (sloppy imports, node_modules).
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
deno="$root/node_modules/deno/deno"
if [ ! -x "$deno" ]; then
  # The package links its platform binary into place on first use; ask it where the binary is.
  deno="$(node -e 'process.stdout.write(require(process.argv[1]).runInstall())' "$root/node_modules/deno/install_api.cjs")" || {
    echo "plasticity-deno kernel: the deno package is not installed; run npm ci in $root" >&2
    exit 1
  }
fi
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1
exec "$deno" jupyter --kernel --conn "$1"
