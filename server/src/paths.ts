/**
 * Where the project's files are, found from this module whether it runs from the sources (tsx,
 * tests) or from the bundle in dist/: walk up to the folder holding package.json.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the project root (package.json) above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

export const projectRoot = findRoot()
export const paths = {
  migrations: join(projectRoot, 'server', 'drizzle'),
  /** PostgreSQL's migrations (server/src/db/pg/schema.ts). */
  pgMigrations: join(projectRoot, 'server', 'drizzle-pg'),
  assets: join(projectRoot, 'server', 'assets'),
  /** Built front ends: dist/public/{kiosk,display,counter}. */
  public: join(projectRoot, 'dist', 'public'),
}
