/**
 * Node selector terms (node affinity) compiled into matchers (upstream `component-helpers/scheduling/corev1/nodeaffinity`).
 *
 * @internal
 * @packageDocumentation
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from '../framework/node-info.js';

/** A compiled node matcher. */
export type NodeMatcher = (node: NodeInfo) => boolean;

function parseInt64(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  return Number(s);
}

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified name (`[prefix/]name`), as `labels.NewRequirement` validates keys. */
function validKey(k: string): boolean {
  const i = k.lastIndexOf('/');
  const name = i < 0 ? k : k.slice(i + 1);
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return false;
  if (i < 0) return true;
  const prefix = k.slice(0, i);
  return prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix);
}

/** A label value: empty, or ≤ 63 characters of `[A-Za-z0-9_.-]` starting and ending alphanumeric. */
function validValue(v: string): boolean {
  return v === '' || (v.length <= 63 && NAME.test(v));
}

/**
 * Whether upstream can parse the requirement (`nodeSelectorRequirementsAsSelector` /
 * `…AsFieldSelector`). A term with a requirement it cannot parse matches no node.
 */
function parses(r: NodeSelectorRequirement, field: boolean): boolean {
  const values = r.values ?? [];
  if (field) return r.key === 'metadata.name' && (r.operator === 'In' || r.operator === 'NotIn') && values.length === 1;
  if (!validKey(r.key)) return false;
  switch (r.operator) {
    case 'In': case 'NotIn': return values.length > 0 && values.every(validValue);
    case 'Exists': case 'DoesNotExist': return values.length === 0;
    case 'Gt': case 'Lt': return values.length === 1;
    default: return false;
  }
}

function requirement(r: NodeSelectorRequirement, field: boolean): NodeMatcher {
  if (!parses(r, field)) return () => false;
  const key = r.key;
  const values = r.values ?? [];
  const get = field
    ? (n: NodeInfo): string | undefined => (key === 'metadata.name' ? n.name : undefined)
    : (n: NodeInfo): string | undefined => n.labels[key];
  switch (r.operator) {
    case 'In': { const s = new Set(values); return (n) => { const v = get(n); return v !== undefined && s.has(v); }; }
    case 'NotIn': { const s = new Set(values); return (n) => { const v = get(n); return v === undefined || !s.has(v); }; }
    case 'Exists': return (n) => get(n) !== undefined;
    case 'DoesNotExist': return (n) => get(n) === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = parseInt64(values[0]);
      if (bound === undefined || values.length !== 1) return () => false;
      const gt = r.operator === 'Gt';
      return (n) => { const v = parseInt64(get(n)); return v !== undefined && (gt ? v > bound : v < bound); };
    }
    default: return () => false;
  }
}

/** A term: all requirements ANDed; an empty term matches nothing. */
export function compileTerm(t: NodeSelectorTerm): NodeMatcher {
  const reqs = [
    ...(t.matchExpressions ?? []).map((r) => requirement(r, false)),
    ...(t.matchFields ?? []).map((r) => requirement(r, true)),
  ];
  if (reqs.length === 0) return () => false;
  if (reqs.length === 1) return reqs[0] as NodeMatcher;
  return (n) => { for (const r of reqs) if (!r(n)) return false; return true; };
}

/** Terms ORed; an empty list matches nothing. */
export function compileTerms(terms: readonly NodeSelectorTerm[]): NodeMatcher {
  const ms = terms.map(compileTerm);
  if (ms.length === 1) return ms[0] as NodeMatcher;
  return (n) => { for (const m of ms) if (m(n)) return true; return false; };
}

/** Node names pinned by every term's `matchFields: metadata.name In [...]`, or undefined if a term is not pinned. */
export function pinnedNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  const out = new Set<string>();
  for (const t of terms) {
    const f = (t.matchFields ?? []).find((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (f === undefined) return undefined;
    for (const v of f.values ?? []) out.add(v);
  }
  return out;
}
