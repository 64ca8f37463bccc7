// Prints vitest's JSON report as the one line CI reads: "N passed, N failed" (with ", N skipped" when any).
import { existsSync, readFileSync } from 'node:fs';

const file = new URL('../.vitest-report.json', import.meta.url);
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error('no vitest report: the test suite did not run (see the output above)');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
