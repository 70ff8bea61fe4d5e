/** Every repository on one PostgreSQL connection (or transaction), one module per aggregate. */
import type { Repositories } from '../store.js'
import type { PgDb } from './client.js'

export function pgRepositories(_db: PgDb): Repositories {
  throw new Error('The PostgreSQL repositories are not built yet')
}
