/**
 * Default resource names for error messages (`pods`, `deployments.apps`), derived from kind and apiVersion.
 *
 * @internal
 * @packageDocumentation
 */

const IRREGULAR: Readonly<Record<string, string>> = { Endpoints: 'endpoints' };

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `''`. */
export function groupOf(apiVersion: string | undefined): string {
  if (apiVersion === undefined) return '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The lower-cased plural of a kind (`Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`). */
export function pluralOf(kind: string): string {
  const irregular = IRREGULAR[kind];
  if (irregular !== undefined) return irregular;
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/** `pods` for core kinds, `deployments.apps` for grouped ones (upstream `GroupResource.String`). */
export function defaultResourceName(kind: string, apiVersion: string | undefined): string {
  const group = groupOf(apiVersion);
  return group === '' ? pluralOf(kind) : `${pluralOf(kind)}.${group}`;
}

/** `Pod` for core kinds, `Deployment.apps` for grouped ones (upstream `GroupKind.String`). */
export function kindGroupOf(kind: string, apiVersion: string | undefined): string {
  const group = groupOf(apiVersion);
  return group === '' ? kind : `${kind}.${group}`;
}
