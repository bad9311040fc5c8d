# Sourced by the CI checks that add a plugin to the workspace for a while (scaffold-check.sh,
# tutorial-check.sh): `plugin_sandbox NAME` keeps the lockfile and, on exit, removes the plugin and
# its changeset and puts the lockfile and node_modules back as they were.
plugin_sandbox() {
  sandbox_name="$1"
  sandbox_lock="${TMPDIR:-/tmp}/casehub-lock-$sandbox_name.$$"
  cp pnpm-lock.yaml "$sandbox_lock"
  trap 'rm -rf "plugins/$sandbox_name" ".changeset/new-plugin-$sandbox_name.md"
    mv "$sandbox_lock" pnpm-lock.yaml
    pnpm install --prefer-offline --frozen-lockfile --reporter=silent >/dev/null 2>&1 || true' EXIT
}
