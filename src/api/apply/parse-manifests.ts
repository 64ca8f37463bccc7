/**
 * Multi-document YAML (or JSON) manifests → objects, as `kubectl apply -f` reads a file.
 *
 * @packageDocumentation
 */
import { parseAllDocuments } from 'yaml';
import { ApplyError, type ApplyProblem } from './apply-error.js';

/**
 * Parses a manifest file: every `---` separated document, `kind: List` (and any `*List` kind with `items`)
 * expanded into its items, empty documents (nothing but comments or whitespace) skipped.
 *
 * @remarks
 * kubectl decodes YAML with YAML 1.1 rules (`sigs.k8s.io/yaml` over go-yaml v2): `yes`/`no`/`on`/`off` are
 * booleans, `<<` merge keys work; this parser does the same. Timestamps stay as the text they were written
 * as and `!!binary` values become their base64 text, as they would after kubectl's YAML→JSON conversion.
 * Documents that are not mappings (a bare string, a sequence) are returned as they are; {@link apply}
 * rejects them with kubectl's decode error.
 *
 * @param yamlText - the file's content
 * @param source - a name for messages (e.g. the file path)
 * @returns the objects in document order
 * @throws {@link ApplyError} listing every syntax error, each naming its (1-based) YAML document and line:
 *   `error: document 2: error converting YAML to JSON: yaml: line 4: ...`
 *
 * @example
 * ```ts
 * parseManifests('kind: ConfigMap\napiVersion: v1\nmetadata: {name: a}\n---\n# empty\n');
 * // [{ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' } }]
 * ```
 */
export function parseManifests(yamlText: string, source?: string): unknown[] {
  const docs = parseAllDocuments(yamlText, { version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const problems: ApplyProblem[] = [];
  const out: unknown[] = [];
  list.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err !== undefined) {
      const line = err.linePos?.[0].line ?? lineOf(yamlText, err.pos[0]);
      const text = err.message.split('\n')[0] ?? err.message;
      const reason = text.replace(/ at line \d+, column \d+:?$/, '');
      problems.push({ document: i + 1, reason: `error converting YAML to JSON: yaml: line ${line}: ${reason}` });
      return;
    }
    let value: unknown;
    try {
      value = toJson(doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      // Unresolved aliases and alias bombs surface only when converting to plain data.
      const text = e instanceof Error ? e.message : String(e);
      const line = lineOf(yamlText, doc.range[0]);
      problems.push({ document: i + 1, reason: `error converting YAML to JSON: yaml: line ${line}: ${text}` });
      return;
    }
    if (value === null || value === undefined) return;
    expand(value, out);
  });
  if (problems.length > 0) throw new ApplyError(problems, source);
  return out;
}

/** Appends `value`, or its items when it is a List. */
function expand(value: unknown, out: unknown[]): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v['kind'] === 'string' && v['kind'].endsWith('List') && Array.isArray(v['items'])) {
      for (const item of v['items'] as unknown[]) if (item !== null) expand(item, out);
      return;
    }
  }
  out.push(value);
}

/** Plain JSON data: dates → their text, binary → base64, maps/sets → objects/arrays. */
function toJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return Number(value);
    return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) return toJson(Object.fromEntries(value));
  if (value instanceof Set) return [...value].map(toJson);
  if (typeof (value as { toISOString?: unknown }).toISOString === 'function') {
    return (value as { toISOString(): string }).toISOString().replace('.000Z', 'Z');
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
  return out;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
