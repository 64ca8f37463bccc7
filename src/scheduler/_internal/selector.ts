/**
 * Compiled label selectors for the scheduler's hot path (affinity terms, spread constraints).
 *
 * @remarks
 * Why not `compileLabelSelector` from `src/api/selectors`: that one is the API's general matcher (a loop over
 * sorted requirements with an operator switch per call, plus validation and `toString`). Here a selector is
 * matched against every existing pod in every scheduling cycle (inter-pod affinity, spread counts), and the
 * common shapes get specialised closures. Measured with 5 M matches each (node 20, a shared 2-core machine,
 * noisy): one matchLabels pair 50 ns here vs 205 ns in the API matcher; `Exists` 101 vs 216 ns; two pairs or an
 * `In` set about even. The semantics are the API's (a test checks both agree on a table of selectors); code
 * off the hot path (PodDisruptionBudgets) uses the API matcher.
 *
 * @internal
 * @packageDocumentation
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';

/**
 * A compiled label selector of the scheduler: `matches(labels)`; `empty` flags the match-everything fast path.
 * @example
 * ```ts
 * term.selector.matches({ app: "web" });
 * ```
 */
export interface Selector {
  readonly matches: (labels: Readonly<Record<string, string>> | undefined) => boolean;
  readonly empty: boolean;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** Matches everything (an empty selector `{}`). */
export const EVERYTHING: Selector = { matches: () => true, empty: true };
/** Matches nothing (a nil selector, as `metav1.LabelSelectorAsSelector(nil)`). */
export const NOTHING: Selector = { matches: () => false, empty: false };

function requirement(r: LabelSelectorRequirement): (l: Readonly<Record<string, string>>) => boolean {
  const key = r.key;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': {
      if (values.length === 1) { const v0 = values[0]; return (l) => l[key] === v0; }
      const s = new Set(values);
      return (l) => { const v = l[key]; return v !== undefined && s.has(v); };
    }
    case 'NotIn': {
      const s = new Set(values);
      return (l) => { const v = l[key]; return v === undefined || !s.has(v); };
    }
    case 'Exists': return (l) => l[key] !== undefined;
    case 'DoesNotExist': return (l) => l[key] === undefined;
    default: throw new RangeError(`${JSON.stringify(r.operator)} is not a valid label selector operator`);
  }
}

/**
 * Compiles a `metav1.LabelSelector`. `undefined`/null selects nothing; `{}` selects everything.
 * `extra` requirements (matchLabelKeys) are ANDed.
 */
export function compileSelector(sel: LabelSelector | undefined | null, extra?: Readonly<Record<string, string>>): Selector {
  if (sel === undefined || sel === null) return NOTHING;
  const reqs: ((l: Readonly<Record<string, string>>) => boolean)[] = [];
  const ml: [string, string][] = Object.entries({ ...(sel.matchLabels ?? {}), ...(extra ?? {}) });
  for (const e of sel.matchExpressions ?? []) reqs.push(requirement(e));
  if (ml.length === 0 && reqs.length === 0) return EVERYTHING;
  if (reqs.length === 0 && ml.length === 1) {
    const [k, v] = ml[0] as [string, string];
    return { empty: false, matches: (l) => l !== undefined && l[k] === v };
  }
  return {
    empty: false,
    matches: (labels) => {
      const l = labels ?? EMPTY;
      for (const [k, v] of ml) if (l[k] !== v) return false;
      for (const r of reqs) if (!r(l)) return false;
      return true;
    },
  };
}
