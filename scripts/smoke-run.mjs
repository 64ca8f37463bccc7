// A tiny deterministic run for the dist smoke test; a module without side effects, so that the determinism
// check's child process can import it.
import { Simulation, parseDuration } from '../dist/index.js';

/** One actor ticking at random intervals for one virtual hour. */
export function run(opts = {}) {
  const sim = new Simulation({ seed: 'smoke', ...opts });
  sim.spawn('ping', {
    kind: 'ping',
    init(ctx) {
      ctx.setTimer('t', 10, 'tick');
      return 0;
    },
    receive(n, _m, ctx) {
      ctx.setTimer('t', ctx.random().int(1, 100), 'tick');
      return n + 1;
    },
  });
  sim.runUntil(parseDuration('1h'));
  return sim;
}
