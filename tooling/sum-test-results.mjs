// Sums the Vitest JSON reports of every package into the line CI reads: "N passed, N failed".
// Exits 1 when anything failed or no test ran at all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.test-results';
const extraFailed = Number(process.argv[3] ?? 0);
// The test command's own exit status: a failure outside any report (a type error, a crash) still counts.
const commandStatus = Number(process.argv[4] ?? 0);
let passed = 0;
let failed = extraFailed;
let files = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  files++;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + filesThatFailedToRun(report);
  console.log(
    `  ${name.replace(/\.json$/, '')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
  );
}
if (files === 0 || (commandStatus !== 0 && failed === 0)) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

// A test file that failed without a failed test (it did not load, or a hook threw) counts once;
// files with failed tests are already counted through their tests.
function filesThatFailedToRun(report) {
  return (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
}
