#!/usr/bin/env bash
# CI: scaffolds a plugin with `pnpm create-plugin`, installs, builds and tests it like any other
# package (its results land in .test-results), then removes it again. Exit status = its test's.
set -uo pipefail
cd "$(dirname "$0")/.."
name="scaffold-probe"
. tooling/plugin-sandbox.sh
plugin_sandbox "$name"
pnpm create-plugin "$name" || exit 1
pnpm install --prefer-offline --no-frozen-lockfile --reporter=silent || exit 1
pnpm turbo run test lint --filter="@casehub/plugin-$name" --output-logs=new-only
