/**
 * A seeded database for domain command tests, without HTTP: commands run through the real runner
 * and store, on SQLite or, in the PostgreSQL pass, on a database of the run's cluster.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openStorage, type Storage } from '../../server/src/db/client.js'
import type { Database } from '../../server/src/db/database.js'
import { openDatabase, sqliteDatabase } from '../../server/src/db/open.js'
import { seedIfEmpty } from '../../server/src/db/seed.js'
import type { CounterRow, ServiceRow } from '../../server/src/db/repositories.js'
import type { Repositories, Store } from '../../server/src/db/store.js'
import { createRunner, SYSTEM, type Actor, type Command } from '../../server/src/domain/runner.js'
import type { QueueEvent } from '../../shared/contract.js'
import { FakeClock, TEST_DIR, type Tap } from './build.js'
import { dialect, freshPgDatabase } from './engines.js'

export interface DomainFixture {
  database: Database
  /** The SQLite file (the reports' queries, SQLite pass only: throws on PostgreSQL). */
  readonly storage: Storage
  store: Store
  clock: FakeClock
  /** Events published by `run`, in order. */
  published: QueueEvent[]
  run<I, R>(command: Command<I, R>, input: I, actor?: Actor): Promise<R>
  /** A read model, on the store like the server's. */
  read<T>(work: (r: Repositories) => Promise<T>): Promise<T>
  staff(username: string): Promise<Actor>
  service(code: string): Promise<ServiceRow>
  counter(number: number): Promise<CounterRow>
  group(code: string): Promise<number>
  setService(code: string, changes: Partial<ServiceRow>): Promise<void>
}

const ADMIN_PASSWORD = 'x'.repeat(8)

async function openFixtureDatabase(t: Tap, clock: FakeClock): Promise<Database> {
  const seed = { now: clock.now(), demo: true, adminPassword: ADMIN_PASSWORD }
  if (dialect === 'postgres') {
    const drops: (() => unknown)[] = []
    const url = await freshPgDatabase({ teardown: (fn) => drops.push(fn) }, { seed })
    const database = await openDatabase({ url, path: '', poolSize: 4 })
    t.teardown(async () => {
      await database.close()
      for (const drop of drops) await drop()
    })
    return database
  }
  const dir = mkdtempSync(join(TEST_DIR, 'qms-domain-'))
  const database = sqliteDatabase(openStorage(join(dir, 'qms.sqlite')))
  t.teardown(async () => {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  })
  await seedIfEmpty(database.store, seed)
  return database
}

export async function domainFixture(t: Tap, clock = new FakeClock()): Promise<DomainFixture> {
  const database = await openFixtureDatabase(t, clock)
  const published: QueueEvent[] = []
  const store = database.store
  const runner = createRunner({
    store,
    clock: () => clock.now(),
    secret: (bytes) => randomBytes(bytes).toString('base64url'),
    publish: (events) => published.push(...events),
  })
  const service = async (code: string) => {
    const row = (await store.read((r) => r.services.all(1))).find((s) => s.code === code)
    if (!row) throw new Error(`no service ${code}`)
    return row
  }
  return {
    database,
    get storage() {
      if (!database.sqlite) throw new Error('fixture.storage is the SQLite file; this test runs on PostgreSQL')
      return database.sqlite
    },
    store,
    clock,
    published,
    run(command, input, actor = SYSTEM) {
      return runner.run(command, { siteId: 1, actor }, input)
    },
    read(work) {
      return store.read(work)
    },
    async staff(username) {
      const row = await store.read((r) => r.users.byUsername(username))
      if (!row) throw new Error(`no user ${username}`)
      return { type: 'staff', id: row.id }
    },
    service,
    async counter(number) {
      const row = (await store.read((r) => r.counters.all(1))).find((c) => c.number === number)
      if (!row) throw new Error(`no counter ${number}`)
      return row
    },
    async group(code) {
      const row = (await store.read((r) => r.priorityGroups.all(1))).find((g) => g.code === code)
      if (!row) throw new Error(`no priority group ${code}`)
      return row.id
    },
    async setService(code, changes) {
      const { id } = await service(code)
      await store.write((tx) => tx.services.update(id, changes))
    },
  }
}
