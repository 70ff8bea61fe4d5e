/** Every repository on one PostgreSQL connection (or transaction), one module per aggregate. */
import type { Repositories } from '../store.js'
import type { PgDb } from './client.js'
import { pairingRepository } from './pairings.js'

export function pgRepositories(db: PgDb): Repositories {
  // Those written so far; the others come with the PostgreSQL repositories' branch.
  const built: Partial<Repositories> = {
    pairings: pairingRepository(db),
  }
  throw new Error(`The PostgreSQL repositories are not built yet (only ${Object.keys(built).join(', ')})`)
}
