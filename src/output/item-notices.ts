/** Items a run names one line each up to this many; beyond, one line per reason. */
export const ITEMS_LISTED = 10;
/** How many of a reason's items such a summary line shows. */
const EXAMPLES = 3;

/**
 * The lines that report items a run passed over (copies skipped or kept, each with its reason): one
 * line per item when there are few or `verbose`; otherwise one line per reason with the count and
 * the first few items, so 500 skipped copies are a few lines, not 500.
 *
 * `line` is an item's own line (`Skipped copy 12: …`), `example` the same shorter for a summary
 * (`copy 12: …`), `summary` the start of a reason's line (`Skipped 490 copies (needed_by_staging)`).
 */
export function itemNotices<T>(
  items: T[],
  opts: {
    reason: (item: T) => string;
    line: (item: T) => string;
    example: (item: T) => string;
    summary: (reason: string, count: number) => string;
    verbose?: boolean;
  },
): string[] {
  if (opts.verbose || items.length <= ITEMS_LISTED) return items.map(opts.line);
  const byReason = new Map<string, T[]>();
  for (const item of items) {
    const reason = opts.reason(item);
    const group = byReason.get(reason);
    if (group) group.push(item);
    else byReason.set(reason, [item]);
  }
  return [...byReason].map(([reason, of]) => {
    const shown = of.slice(0, EXAMPLES).map(opts.example).join('; ');
    const more = of.length > EXAMPLES ? `; … (--verbose lists all ${of.length})` : '';
    return `${opts.summary(reason, of.length)}: ${shown}${more}`;
  });
}
