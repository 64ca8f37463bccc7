// @ts-check
// Lint rules. The determinism block is a ground rule of the project: the simulation path under src/ may
// not read the wall clock, ambient randomness or host timers, and may not use Promises/async. Only the
// CLI (src/cli/) and the benchmark harness (benchmarks/) may, because they measure wall time.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nondeterminism = 'Nondeterminism: time and randomness must come from the engine (ctx.now, ctx.random).';

export default defineConfig(
  globalIgnores(['dist/', 'build/', 'docs/', 'coverage/', 'node_modules/', 'scratch/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/bench/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: nondeterminism },
        { object: 'Date', property: 'now', message: nondeterminism },
        { object: 'performance', property: 'now', message: nondeterminism },
        { object: 'crypto', property: 'randomUUID', message: nondeterminism },
        { object: 'crypto', property: 'getRandomValues', message: nondeterminism },
        { object: 'crypto', property: 'randomBytes', message: nondeterminism },
        { object: 'crypto', property: 'randomInt', message: nondeterminism },
        { object: 'process', property: 'hrtime', message: nondeterminism },
        { object: 'process', property: 'uptime', message: nondeterminism },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: nondeterminism },
        { name: 'performance', message: nondeterminism },
        { name: 'setTimeout', message: nondeterminism },
        { name: 'setInterval', message: nondeterminism },
        { name: 'setImmediate', message: nondeterminism },
        { name: 'queueMicrotask', message: nondeterminism },
        { name: 'crypto', message: nondeterminism },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:crypto', message: nondeterminism },
            { name: 'crypto', message: nondeterminism },
            { name: 'node:timers', message: nondeterminism },
            { name: 'timers', message: nondeterminism },
            { name: 'node:perf_hooks', message: nondeterminism },
            { name: 'perf_hooks', message: nondeterminism },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'FunctionDeclaration[async=true]', message: 'No async in the simulation path.' },
        { selector: 'FunctionExpression[async=true]', message: 'No async in the simulation path.' },
        { selector: 'ArrowFunctionExpression[async=true]', message: 'No async in the simulation path.' },
        { selector: 'AwaitExpression', message: 'No await in the simulation path.' },
        { selector: "NewExpression[callee.name='Promise']", message: 'No Promises in the simulation path.' },
        { selector: "MemberExpression[object.name='Promise']", message: 'No Promises in the simulation path.' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
