/**
 * Compiled label selectors from the string form, the object form (`LabelSelector`) and plain label maps.
 *
 * @packageDocumentation
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { ApiError, type FieldError, formatFieldError } from '../errors.js';
import { compareStrings } from './_internal/compare.js';
import { labelKeyErrors, labelValueErrors } from './_internal/label-syntax.js';
import { parseLabelRequirements } from './label-parser.js';
import {
  type LabelOperator,
  newRequirement,
  type Requirement,
  requirementMatches,
  requirementToString,
} from './label-requirement.js';

/**
 * A label selector ready to match: the AND of its requirements.
 *
 * @remarks
 * `empty` is true for the selector that matches everything (no requirements). The "nothing" selector
 * (from a nil `LabelSelector`) has no requirements, `empty` false and matches no labels, as upstream
 * `labels.Nothing()`. `toString()` is the canonical string form (requirements sorted by key).
 *
 * @example
 * ```ts
 * const s = parseLabelSelector('app=web,tier!=db');
 * s.matches({ app: 'web' }); // true
 * s.toString(); // 'app=web,tier!=db'
 * ```
 */
export interface CompiledSelector {
  /** Whether the labels satisfy every requirement. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** The requirements, sorted by key. */
  readonly requirements: readonly Requirement[];
  /** True when the selector places no restriction (matches everything). */
  readonly empty: boolean;
  /** True for the selector that matches nothing (nil `LabelSelector`). */
  readonly nothing: boolean;
  /** The value a key must have for a match, when the selector pins it to exactly one value. */
  requiresExactMatch(key: string): string | undefined;
  /** The canonical string form. */
  toString(): string;
}

class RequirementsSelector implements CompiledSelector {
  readonly empty: boolean;
  readonly nothing = false;
  constructor(readonly requirements: readonly Requirement[]) {
    this.empty = requirements.length === 0;
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const rs = this.requirements;
    for (let i = 0; i < rs.length; i++) {
      if (!requirementMatches(rs[i] as Requirement, labels)) return false;
    }
    return true;
  }

  requiresExactMatch(key: string): string | undefined {
    for (const r of this.requirements) {
      if (r.key !== key) continue;
      const exact = r.operator === '=' || r.operator === '==' || r.operator === 'in';
      return exact && r.values.length === 1 ? r.values[0] : undefined;
    }
    return undefined;
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

const NOTHING: CompiledSelector = Object.freeze({
  matches: () => false,
  requirements: Object.freeze([]) as readonly Requirement[],
  empty: false,
  nothing: true,
  requiresExactMatch: () => undefined,
  toString: () => '',
});

const EVERYTHING: CompiledSelector = new RequirementsSelector([]);

/**
 * The selector that matches every label set (upstream `labels.Everything()`).
 *
 * @example
 * ```ts
 * everything().matches(undefined); // true
 * ```
 */
export function everything(): CompiledSelector {
  return EVERYTHING;
}

/**
 * The selector that matches no label set (upstream `labels.Nothing()`).
 *
 * @example
 * ```ts
 * nothing().matches({ app: 'web' }); // false
 * ```
 */
export function nothing(): CompiledSelector {
  return NOTHING;
}

/**
 * Parses the string form of a label selector (upstream `labels.Parse`).
 *
 * @remarks
 * The empty string matches everything. See {@link parseLabelRequirements} for the grammar.
 *
 * @throws {@link ApiError} `BadRequest` when the string does not parse or a key/value is invalid.
 * @example
 * ```ts
 * parseLabelSelector('env in (a,b),env notin (c),has,!missing').matches({ env: 'a', has: '' }); // true
 * ```
 */
export function parseLabelSelector(selector: string): CompiledSelector {
  const requirements = parseLabelRequirements(selector);
  return requirements.length === 0 ? EVERYTHING : new RequirementsSelector(requirements);
}

/**
 * A selector matching exactly the given labels (upstream `labels.SelectorFromSet`, used by Service and
 * ReplicationController selectors); a missing or empty map matches everything.
 *
 * @example
 * ```ts
 * selectorFromSet({ app: 'web' }).toString(); // 'app=web'
 * ```
 */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): CompiledSelector {
  if (set === undefined) return EVERYTHING;
  const keys = Object.keys(set).sort(compareStrings);
  if (keys.length === 0) return EVERYTHING;
  return new RequirementsSelector(keys.map((key) => ({ key, operator: '=', values: [set[key] ?? ''] })));
}

/** Options of {@link compileLabelSelector}. */
export interface CompileLabelSelectorOptions {
  /**
   * What a missing (`undefined`) selector matches.
   * @defaultValue `'nothing'` (upstream `LabelSelectorAsSelector(nil)`; most controllers)
   */
  readonly nilMatches?: 'everything' | 'nothing';
  /**
   * Field path of the selector, used in error causes.
   * @defaultValue `'spec.selector'`
   */
  readonly fieldPath?: string;
}

const OBJECT_OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * Checks the object form of a label selector (upstream `ValidateLabelSelector`) and returns every
 * problem with its field path.
 *
 * @remarks
 * `In`/`NotIn` require values (`Required value`), `Exists`/`DoesNotExist` forbid them (`Forbidden`), any
 * other operator is `Invalid value`; keys must be qualified names and values valid label values, in
 * `matchLabels` too.
 *
 * @example
 * ```ts
 * validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] }, 'spec.selector');
 * // [{ field: 'spec.selector.matchExpressions[0].values', type: 'Required value', detail: "must be specified when `operator` is 'In' or 'NotIn'" }]
 * ```
 */
export function validateLabelSelector(sel: LabelSelector | undefined, fieldPath = 'spec.selector'): FieldError[] {
  const errs: FieldError[] = [];
  if (sel === undefined) return errs;
  const labelsPath = `${fieldPath}.matchLabels`;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    for (const m of labelKeyErrors(k)) errs.push({ field: labelsPath, type: 'Invalid value', value: k, detail: m });
    for (const m of labelValueErrors(v)) errs.push({ field: labelsPath, type: 'Invalid value', value: v, detail: m });
  }
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const path = `${fieldPath}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) {
        const detail = "must be specified when `operator` is 'In' or 'NotIn'";
        errs.push({ field: `${path}.values`, type: 'Required value', detail });
      }
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) {
        const detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
        errs.push({ field: `${path}.values`, type: 'Forbidden', detail });
      }
    } else {
      const detail = 'not a valid selector operator';
      errs.push({ field: `${path}.operator`, type: 'Invalid value', value: expr.operator, detail });
    }
    for (const m of labelKeyErrors(expr.key)) {
      errs.push({ field: `${path}.key`, type: 'Invalid value', value: expr.key, detail: m });
    }
    values.forEach((v, j) => {
      for (const m of labelValueErrors(v)) {
        errs.push({ field: `${path}.values[${j}]`, type: 'Invalid value', value: v, detail: m });
      }
    });
  });
  return errs;
}

/**
 * Compiles the object form of a label selector (upstream `metav1.LabelSelectorAsSelector`).
 *
 * @remarks
 * `matchLabels` become `=` requirements and `matchExpressions` map `In`/`NotIn`/`Exists`/`DoesNotExist`
 * to `in`/`notin`/`exists`/`!`; requirements are sorted by key. An empty selector (`{}`) matches
 * everything; a missing one matches what `nilMatches` says (nothing by default).
 *
 * @throws {@link ApiError} `BadRequest` carrying the {@link validateLabelSelector} causes when invalid.
 * @example
 * ```ts
 * const s = compileLabelSelector({ matchLabels: { app: 'web' },
 *   matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] });
 * s.toString(); // 'app=web,env notin (dev)'
 * ```
 */
export function compileLabelSelector(
  sel: LabelSelector | undefined,
  opts: CompileLabelSelectorOptions = {},
): CompiledSelector {
  if (sel === undefined) return opts.nilMatches === 'everything' ? EVERYTHING : NOTHING;
  const matchLabels = sel.matchLabels ?? {};
  const expressions = sel.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels);
  if (labelKeys.length === 0 && expressions.length === 0) return EVERYTHING;
  const errs = validateLabelSelector(sel, opts.fieldPath ?? 'spec.selector');
  if (errs.length > 0) throw new ApiError('BadRequest', errs.map(formatFieldError).join(', '), errs);
  const requirements: Requirement[] = labelKeys.map((key) => ({ key, operator: '=', values: [matchLabels[key] ?? ''] }));
  for (const expr of expressions) {
    const operator = OBJECT_OPERATORS[expr.operator] as LabelOperator;
    requirements.push(newRequirement(expr.key, operator, [...(expr.values ?? [])]).requirement);
  }
  requirements.sort((a, b) => compareStrings(a.key, b.key));
  return new RequirementsSelector(requirements);
}
