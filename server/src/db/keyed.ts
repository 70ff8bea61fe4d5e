/**
 * Prepared queries whose SQL depends on data (the columns an update sets, a counter's list of
 * services), built once per shape and kept by key, on either database. Bounded: shapes change only
 * when an administrator edits counters.
 */
export function keyedQueries(limit = 200) {
  const queries = new Map<string, unknown>()
  return function prepared<T>(key: string, make: () => T): T {
    let query = queries.get(key) as T | undefined
    if (query === undefined) {
      if (queries.size >= limit) queries.clear()
      query = make()
      queries.set(key, query)
    }
    return query
  }
}

/** The columns of `changes` that are set (undefined ones are left alone), as placeholders. */
export function placeholdersOf(changes: object): { keys: string[]; values: Record<string, unknown> } {
  const values = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined))
  return { keys: Object.keys(values), values }
}
