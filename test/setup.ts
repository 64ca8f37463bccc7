// Pins fast-check's seed when FC_SEED is set, so a failing property can be replayed from one line:
//   FC_SEED=123 npx vitest run test/engine/queue.test.ts
import fc from 'fast-check';

const seed = process.env.FC_SEED;
fc.configureGlobal({ numRuns: 100, ...(seed !== undefined ? { seed: Number(seed) } : {}) });
