/** Where a new item goes in a list ordered by `sortOrder`: after the last one. */
export function nextSortOrder(items: readonly { sortOrder: number }[] | null): number {
  return Math.max(0, ...(items ?? []).map((item) => item.sortOrder + 1))
}
