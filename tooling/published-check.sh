#!/usr/bin/env bash
# CI: the published set, used outside this repository, without a registry. In a scratch worktree
# of HEAD: `changeset version`, build, `pnpm pack` every public package. Then, in empty folders
# outside the repo, as a company and an integrator would with packages from npm (the tarballs
# stand in for the registry through npm `overrides`): install @casehub/cli, run `casehub start`
# with a plugin installed from a tarball, and scaffold a plugin with @casehub/create-plugin and
# pass its testkit test. Each step is a test in .test-results/published-set.json.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
results="$repo/.test-results"
mkdir -p "$results"
passed=0
failed=0
steps=()
hub_pid=""

cleanup() {
  [ -n "$hub_pid" ] && kill -TERM -- "-$hub_pid" 2>/dev/null
  git -C "$repo" worktree remove --force "$work/repo" >/dev/null 2>&1
  # The hub's stream and buckets, deleted with the NATS client the hub installed.
  if [ -d "$work/hub/node_modules/@nats-io/jetstream" ]; then
    cat >"$work/hub/cleanup.mjs" <<JS
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
const nc = await connect({ servers: process.env.NATS_URL || '127.0.0.1:4222' });
const jsm = await jetstreamManager(nc);
for (const s of ['$stream', '${stream}_DLQ', 'KV_casehub_inbox_${stream}_webhook', 'KV_casehub_inbox_${stream}_casehub-core'])
  await jsm.streams.delete(s).catch(() => {});
await nc.close();
JS
    (cd "$work/hub" && node cleanup.mjs) >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { # step "what" command...: runs it, logs its output on failure, counts it
  local what="$1"
  shift
  echo "published-check: $what"
  if "$@" >"$work/step.log" 2>&1; then
    passed=$((passed + 1))
    steps+=("{\"title\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$what"),\"status\":\"passed\"}")
    return 0
  fi
  tail -40 "$work/step.log"
  failed=$((failed + 1))
  steps+=("{\"title\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$what"),\"status\":\"failed\"}")
  return 1
}

report() {
  local list
  list=$(IFS=,; echo "${steps[*]}")
  printf '{"numPassedTests":%d,"numFailedTests":%d,"testResults":[{"name":"published set","status":"%s","assertionResults":[%s]}]}\n' \
    "$passed" "$failed" "$([ "$failed" -eq 0 ] && echo passed || echo failed)" "$list" >"$results/published-set.json"
}

id=$(node -e "console.log(require('node:crypto').randomBytes(4).toString('hex'))")
stream="PUB_$id"
prefix="pub$id"

# --- the release, in a worktree of HEAD ---------------------------------------------------
release() {
  git -C "$repo" worktree add --detach "$work/repo" HEAD &&
    cd "$work/repo" &&
    pnpm install --offline --frozen-lockfile --reporter=silent &&
    pnpm changeset version &&
    pnpm install --offline --no-frozen-lockfile --reporter=silent &&
    pnpm turbo run build --output-logs=errors-only &&
    mkdir -p "$work/tarballs" &&
    for dir in packages/* plugins/* apps/*; do
      [ -f "$dir/package.json" ] || continue
      node -e "process.exit(require('./$dir/package.json').private ? 1 : 0)" || continue
      (cd "$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null) || return 1
    done
}
step "changeset version, build and pnpm pack every public package" release || { report; exit 1; }
ls "$work/tarballs"

# package.json for a folder outside the repo: the given @casehub dependencies, every @casehub
# package resolved to its tarball (the registry's stand-in), better-sqlite3 allowed to build.
outside_package() { # outside_package dir name dep...
  node - "$work/tarballs" "$@" <<'EOF'
const { readdirSync, readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const [tarballs, dir, name, ...deps] = process.argv.slice(2);
const tars = {};
for (const f of readdirSync(tarballs)) {
  const m = /^casehub-(.+)-\d+\.\d+\.\d+(-[\w.]+)?\.tgz$/.exec(f);
  if (m) tars[`@casehub/${m[1]}`] = `file:${join(tarballs, f)}`;
}
const file = join(dir, 'package.json');
const pkg = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { name, private: true };
for (const key of ['dependencies', 'devDependencies']) {
  for (const dep of Object.keys(pkg[key] ?? {})) if (tars[dep]) pkg[key][dep] = tars[dep];
}
for (const dep of deps) (pkg.dependencies ??= {})[dep] = tars[dep];
pkg.overrides = tars;
pkg.allowScripts = { ...pkg.allowScripts, 'better-sqlite3': true };
writeFileSync(file, JSON.stringify(pkg, null, 2));
EOF
}

# --- a company: the hub from npm, with a plugin from npm -----------------------------------
mkdir -p "$work/hub"
install_hub() {
  cd "$work/hub" &&
    outside_package "$work/hub" my-hub @casehub/cli @casehub/plugin-webhook &&
    npm install --no-audit --no-fund --loglevel=error
}
step "npm install @casehub/cli and @casehub/plugin-webhook in an empty folder" install_hub || { report; exit 1; }

port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
hub_env=(NATS_STREAM="$stream" NATS_SUBJECT_PREFIX="$prefix" NATS_EMBEDDED=never PORT="$port"
  HOST=127.0.0.1 CASEHUB_ADMIN_KEY=published-check-admin-key-0123456789 LOG_FORMAT=json)
cat >"$work/hub/casehub.config.json" <<EOF
{ "plugins": [{ "name": "webhook", "package": "@casehub/plugin-webhook", "env": {
  "WEBHOOK_URL": "http://127.0.0.1:9/hook",
  "WEBHOOK_SECRET": "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0" } }] }
EOF
run_hub() {
  cd "$work/hub" || return 1
  # What `npx casehub start` runs (npx itself answers a Ctrl-C with 130, whatever its child says).
  env "${hub_env[@]}" setsid ./node_modules/.bin/casehub start >"$work/hub.log" 2>&1 </dev/null &
  hub_pid=$!
  for _ in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/hub.log"; return 1; }
  for _ in $(seq 1 30); do
    env "${hub_env[@]}" CASEHUB_URL="http://127.0.0.1:$port" npx casehub plugins >"$work/plugins.txt" 2>&1
    grep -Eq '^webhook +[0-9.]+ +1\.0 +up' "$work/plugins.txt" && return 0
    sleep 1
  done
  cat "$work/plugins.txt" "$work/hub.log"
  return 1
}
step "npx casehub start runs the core and the webhook plugin installed from npm" run_hub
stop_hub() {
  kill -INT -- "-$hub_pid" && wait "$hub_pid"
  local status=$?
  hub_pid=""
  [ "$status" -eq 0 ] || { tail -5 "$work/hub.log"; return 1; }
}
step "Ctrl-C stops the hub, exit 0" stop_hub

# --- an integrator: a plugin scaffolded in an empty folder, tested against the published core --
scaffold() {
  cd "$work" &&
    npm exec --yes --package="$(ls "$work"/tarballs/casehub-create-plugin-*.tgz)" -- \
      create-casehub-plugin probe &&
    grep -q '"name": "casehub-plugin-probe"' probe/package.json
}
step "npm create @casehub/plugin probe, in an empty folder" scaffold || { report; exit 1; }
test_probe() {
  cd "$work/probe" &&
    outside_package "$work/probe" casehub-plugin-probe &&
    npm install --no-audit --no-fund --loglevel=error &&
    npx tsc -p tsconfig.json &&
    npx vitest run --reporter=default --reporter=json --outputFile="$results/published-plugin.json"
}
step "the scaffolded plugin installs and passes its testkit test against the published core" test_probe

report
[ "$failed" -eq 0 ]
