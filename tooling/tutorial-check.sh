#!/usr/bin/env bash
# CI: docs/writing-a-plugin.md as a reader follows it: scaffolds resolved-hook with
# `pnpm create-plugin`, puts the page's code in it, builds it and runs the page's test against a
# real core (its results land in .test-results), then removes it again. Exit status = its test's.
set -uo pipefail
cd "$(dirname "$0")/.."
name="resolved-hook"
. tooling/plugin-sandbox.sh
plugin_sandbox "$name"
pnpm create-plugin "$name" >/dev/null || exit 1
node tooling/extract-tutorial.mjs docs/writing-a-plugin.md "plugins/$name" || exit 1
node --check "plugins/$name/receiver.mjs" || exit 1
pnpm install --prefer-offline --no-frozen-lockfile --reporter=silent || exit 1
pnpm turbo run test --filter="@casehub/plugin-$name" --output-logs=new-only
