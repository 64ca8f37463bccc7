/**
 * The heartbeat board: the lease renewals the node lifecycle controller reads, without a store write per renewal.
 *
 * @packageDocumentation
 */

/**
 * Where kubelets record lease renewals and the node lifecycle controller reads them.
 *
 * @remarks
 * Upstream, a kubelet renews its Lease in `kube-node-lease` every 10 s and the node lifecycle controller sees the
 * renewal through its lease informer. At 5,000 nodes that is 500 store writes and watch events per virtual
 * second, which dominates an idle cluster's cost. The board is the lease informer's cache reduced to what the
 * controller reads: per node, the virtual time of the last renewal (and whether the controller has overwritten
 * the node's status, which the kubelet notices on its next status sync as it would by reading its Node).
 *
 * A kubelet in `leaseWrites: 'api'` mode also writes its Lease through the API server and records the renewal
 * here when the write succeeds; in `'board'` mode it records it here only (the stored Lease keeps the renewTime
 * of registration). One board is shared by every kubelet and the controller of a cluster. Single-threaded, so
 * sharing it is deterministic.
 *
 * @example
 * ```ts
 * const board = new NodeHeartbeats();
 * board.renew('node-1', 10_000);
 * board.lastRenewMs('node-1'); // 10000
 * ```
 */
export class NodeHeartbeats {
  private readonly index = new Map<string, number>();
  private renewedMs = new Float64Array(64);
  private stale = new Uint8Array(64);
  private count = 0;

  /** The board slot of a node (registering it when new). */
  slot(node: string): number {
    let i = this.index.get(node);
    if (i === undefined) {
      i = this.count++;
      if (i >= this.renewedMs.length) this.grow();
      this.renewedMs[i] = Number.NEGATIVE_INFINITY;
      this.index.set(node, i);
    }
    return i;
  }

  /** Records a renewal of `node`'s lease at `nowMs`. */
  renew(node: string, nowMs: number): void {
    this.renewedMs[this.slot(node)] = nowMs;
  }

  /** Records a renewal by slot (the kubelet's fast path). */
  renewSlot(slot: number, nowMs: number): void {
    this.renewedMs[slot] = nowMs;
  }

  /** The virtual time of the node's last renewal, or `-Infinity` when it never renewed. */
  lastRenewMs(node: string): number {
    const i = this.index.get(node);
    return i === undefined ? Number.NEGATIVE_INFINITY : (this.renewedMs[i] as number);
  }

  /** The virtual time of the last renewal by slot, or `-Infinity` (the controller's fast path). */
  lastRenewSlot(slot: number): number {
    return this.renewedMs[slot] as number;
  }

  /** The controller overwrote the node's status (Ready=Unknown): the kubelet must post its own again. */
  markStatusOverwritten(node: string): void {
    this.stale[this.slot(node)] = 1;
  }

  /** Whether the status was overwritten since the last call (and clears the flag). */
  takeStatusOverwritten(slot: number): boolean {
    if (this.stale[slot] !== 1) return false;
    this.stale[slot] = 0;
    return true;
  }

  private grow(): void {
    const r = new Float64Array(this.renewedMs.length * 2);
    r.set(this.renewedMs);
    this.renewedMs = r;
    const s = new Uint8Array(this.stale.length * 2);
    s.set(this.stale);
    this.stale = s;
  }
}
