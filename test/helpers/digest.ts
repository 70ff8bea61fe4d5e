/**
 * Every row of every table, to prove that a refused request changed nothing: take a digest before,
 * another after, and compare.
 */
import { sqlRows, type Built } from './build.js'

export type Digest = Map<string, string[]>

/** Every row of every table, sorted (PostgreSQL returns rows in no particular order). */
export async function tablesDigest(app: Built['app']): Promise<Digest> {
  const tables = await sqlRows<{ name: string }>(
    app,
    app.database.kind === 'postgres'
      ? "select table_name as name from information_schema.tables where table_schema = 'public' order by 1"
      : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
  )
  const digest: Digest = new Map()
  for (const { name } of tables) {
    const rows = await sqlRows(app, `select * from "${name}"`)
    digest.set(name, rows.map((r) => JSON.stringify(r)).sort())
  }
  return digest
}

/** The rows that differ, table by table (five of each at most): what a refused request must not have done. */
export function changes(before: Digest, after: Digest): Record<string, { gone: string[]; new: string[] }> {
  const out: Record<string, { gone: string[]; new: string[] }> = {}
  for (const [table, rows] of after) {
    const was = new Set(before.get(table) ?? [])
    const now = new Set(rows)
    const gone = [...was].filter((r) => !now.has(r))
    const added = rows.filter((r) => !was.has(r))
    if (gone.length || added.length) out[table] = { gone: gone.slice(0, 5), new: added.slice(0, 5) }
  }
  return out
}
