/**
 * The block link: like the native block's `internal` words, an `XAsyncBlock` carries a
 * symbol-keyed link to its latest call; blocks that cannot take one (frozen objects, proxies that
 * refuse it) use a WeakMap.
 */

/** What a link points to: a record that names the blocks it belongs to. */
export interface LinkedRecord {
  /** The caller's block this record belongs to. */
  readonly userBlock: object;
  /** The library's copy of the block (null for a Begin that failed). */
  readonly copy: object | null;
}

/** The block's link property (a symbol: `JSON.stringify` and `Object.keys` never show it). */
export const kCall: unique symbol = Symbol('XAsyncBlock.internal');
const fallback = new WeakMap<object, LinkedRecord>();
/** Whether any block ever needed {@link fallback} (until then, an unlinked block costs no WeakMap lookup). */
let fallbackUsed = false;

/** The record linked to `block` (own property, or the WeakMap for blocks that refuse one). */
export function linkOf(block: object): LinkedRecord | undefined {
  try {
    // The record names its blocks, so a link inherited through a prototype is not taken for one.
    const own = (block as { [kCall]?: LinkedRecord })[kCall];
    if (own !== undefined && (own.userBlock === block || own.copy === block)) return own;
  } catch {
    /* a proxy whose traps throw (a revoked one): only the WeakMap can hold its link */
  }
  return fallbackUsed ? fallback.get(block) : undefined;
}

/** Links `block` to `record`, replacing an earlier link. */
export function setLink(block: object, record: LinkedRecord): void {
  try {
    // A plain symbol-keyed data property: every fresh block of one shape takes the same hidden-class
    // transition (a defined, non-enumerable one cost more than the rest of an Immediate call). A
    // copy (`{ ...block }`) carries it along, but it names another block, so linkOf ignores it there.
    (block as { [kCall]: LinkedRecord })[kCall] = record;
    if ((block as { [kCall]?: LinkedRecord })[kCall] === record) return;
  } catch {
    /* frozen, or a proxy refusing it (or whose traps throw): use the WeakMap */
  }
  fallbackUsed = true;
  fallback.set(block, record);
}
