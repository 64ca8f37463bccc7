// Runs the walk-through property of docs/property-testing.md and prints checkCluster's report:
//   node --import tsx examples/property/run-dropped-delete.ts          # the planted bug: a counterexample
//   node --import tsx examples/property/run-dropped-delete.ts --fixed  # DELETED events late, not lost: passes
// FC_SEED=<n> picks another fast-check seed (default 4).
import { checkCluster, ClusterPropertyError } from '../../src/testing/check-cluster.js';
import { informersSurviveDeletedEventsFault, lateDeletes, lostDeletes } from './dropped-delete.js';

const fixed = process.argv.includes('--fixed');
const seed = Number(process.env['FC_SEED'] ?? 4);
try {
  const r = checkCluster(informersSurviveDeletedEventsFault(fixed ? lateDeletes : lostDeletes), { seed, counterexampleDir: 'counterexamples' });
  console.log(`passed: ${r.runs} runs, fast-check seed ${r.seed}`);
} catch (e) {
  if (!(e instanceof ClusterPropertyError)) throw e;
  console.log(e.message);
  process.exitCode = 1;
}
