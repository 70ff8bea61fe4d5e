/**
 * The SQLite schema (server/src/db/schema.ts) and the PostgreSQL one (server/src/db/pg/schema.ts)
 * describe one database: one set of repository interfaces serves both, so they must not drift.
 * At compile time, every table's row types (select and insert) are mutually assignable across the
 * two (`npm run typecheck` fails otherwise). At run time, the tables, their columns (name,
 * nullability, default, primary key, uniqueness), indexes, foreign keys and primary keys are the
 * same; and each dialect's latest migration snapshot matches its schema, so `npm run db:generate`
 * has nothing left to write for either.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { is, SQL } from 'drizzle-orm'
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import * as sqlite from '../../server/src/db/schema.js'
import * as pg from '../../server/src/db/pg/schema.js'
import { paths } from '../../server/src/paths.js'

// ─── Compile time: the same row types ───────────────────────────────────────────────────────────

/** True when A and B are assignable to each other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type SqliteTables = typeof sqlite
type PgTables = typeof pg
type RowsAlike = {
  [K in keyof SqliteTables]: K extends keyof PgTables
    ? Same<SqliteTables[K]['$inferSelect'], PgTables[K]['$inferSelect']> extends true
      ? Same<SqliteTables[K]['$inferInsert'], PgTables[K]['$inferInsert']>
      : false
    : false
}
// A table whose rows differ shows here by name, as "Type 'false' is not assignable to type 'true'".
const rowsAlike: { [K in keyof SqliteTables]: true } = {} as RowsAlike
const sameTables: Same<keyof SqliteTables, keyof PgTables> = true
void rowsAlike
void sameTables

// ─── Run time: the same tables, columns, keys and indexes ────────────────────────────────────────

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>

/** What must be alike in both dialects, in a form that compares with t.same. */
function describe(config: Config) {
  const columns = Object.fromEntries(
    config.columns.map((c) => [
      c.name,
      {
        notNull: c.notNull,
        hasDefault: c.hasDefault,
        primary: c.primary,
        unique: c.isUnique ? (c.uniqueName ?? true) : false,
        // A plain default (a number, a string, a boolean) is the same value; SQL ones differ by dialect.
        default: c.default === undefined || is(c.default, SQL) ? null : c.default,
      },
    ]),
  )
  const indexes = Object.fromEntries(
    config.indexes.map((i) => [i.config.name, { unique: i.config.unique, columns: i.config.columns.map((c) => ('name' in c ? c.name : '(expression)')) }]),
  )
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference()
      return `${ref.columns.map((c) => c.name).join(',')} → ${getName(ref.foreignTable)}.${ref.foreignColumns.map((c) => c.name).join(',')} on delete ${fk.onDelete ?? 'no action'}`
    })
    .sort()
  const primaryKeys = config.primaryKeys.map((pk) => pk.columns.map((c) => c.name))
  const uniqueConstraints = config.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns.map((c) => c.name) }))
  return { name: config.name, columns, indexes, foreignKeys, primaryKeys, uniqueConstraints }
}

function getName(table: SQLiteTable | PgTable): string {
  return is(table, PgTable) ? pgTableConfig(table).name : sqliteTableConfig(table as SQLiteTable).name
}

const sqliteTables = Object.entries(sqlite as Record<string, unknown>).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable))
const pgTables = Object.entries(pg as Record<string, unknown>).filter((e): e is [string, PgTable] => is(e[1], PgTable))

t.test('both schemas have the same tables under the same names', async (t) => {
  t.ok(sqliteTables.length >= 14, 'the SQLite schema is read')
  t.same(
    pgTables.map(([key, table]) => [key, pgTableConfig(table).name]).sort(),
    sqliteTables.map(([key, table]) => [key, sqliteTableConfig(table).name]).sort(),
  )
})

for (const [key, table] of sqliteTables) {
  t.test(`${key}: the same columns, indexes, foreign keys and primary keys`, async (t) => {
    const other = (pg as Record<string, unknown>)[key] as PgTable | undefined
    if (!other) return t.fail(`no table ${key} in the PostgreSQL schema`)
    const want = describe(sqliteTableConfig(table))
    const got = describe(pgTableConfig(other))
    t.same(got.name, want.name, 'table name')
    t.same(got.columns, want.columns, 'columns')
    t.same(got.indexes, want.indexes, 'indexes')
    t.same(got.foreignKeys, want.foreignKeys, 'foreign keys')
    t.same(got.primaryKeys, want.primaryKeys, 'primary keys')
    t.same(got.uniqueConstraints, want.uniqueConstraints, 'unique constraints')
  })
}

// ─── Run time: the committed migrations are up to date ──────────────────────────────────────────

/** The snapshot drizzle-kit wrote with the latest migration of a folder. */
function latestSnapshot(folder: string): unknown {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] }
  const last = journal.entries.at(-1)
  if (!last) throw new Error(`no migration in ${folder}`)
  return JSON.parse(readFileSync(join(folder, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8'))
}

t.test('each schema matches its latest migration (db:generate has nothing to write)', async (t) => {
  // drizzle-kit's programmatic API compares as `drizzle-kit generate` does (a few seconds to load).
  const kit = await import('drizzle-kit/api')
  const sqliteNow = await kit.generateSQLiteDrizzleJson(sqlite)
  t.same(await kit.generateSQLiteMigration(latestSnapshot(paths.migrations) as typeof sqliteNow, sqliteNow), [], 'SQLite: server/drizzle')
  const pgNow = kit.generateDrizzleJson(pg)
  t.same(await kit.generateMigration(latestSnapshot(paths.pgMigrations) as typeof pgNow, pgNow), [], 'PostgreSQL: server/drizzle-pg')
})
