/** A seeded database for domain command tests, without HTTP: commands run through the real runner and store. */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { openStorage, type Storage } from '../../server/src/db/client.js'
import { seedIfEmpty } from '../../server/src/db/seed.js'
import { counters, priorityGroups, services, users } from '../../server/src/db/schema.js'
import type { Repositories, Store } from '../../server/src/db/store.js'
import { sqliteStore } from '../../server/src/db/sqlite/store.js'
import { createRunner, SYSTEM, type Actor, type Command } from '../../server/src/domain/runner.js'
import type { QueueEvent } from '../../shared/contract.js'
import { FakeClock, TEST_DIR, type Tap } from './build.js'

export interface DomainFixture {
  storage: Storage
  store: Store
  clock: FakeClock
  /** Events published by `run`, in order. */
  published: QueueEvent[]
  run<I, R>(command: Command<I, R>, input: I, actor?: Actor): Promise<R>
  /** A read model, on the store like the server's. */
  read<T>(work: (r: Repositories) => Promise<T>): Promise<T>
  staff(username: string): Actor
  service(code: string): typeof services.$inferSelect
  counter(number: number): typeof counters.$inferSelect
  group(code: string): number
  setService(code: string, changes: Partial<typeof services.$inferSelect>): void
}

export async function domainFixture(t: Tap, clock = new FakeClock()): Promise<DomainFixture> {
  const dir = mkdtempSync(join(TEST_DIR, 'qms-domain-'))
  const storage = openStorage(join(dir, 'qms.sqlite'))
  await seedIfEmpty(sqliteStore(storage), { now: clock.now(), demo: true, adminPassword: 'x'.repeat(8) })
  t.teardown(() => {
    storage.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const db = storage.db
  const published: QueueEvent[] = []
  const store = sqliteStore(storage)
  const runner = createRunner({
    store,
    clock: () => clock.now(),
    secret: (bytes) => randomBytes(bytes).toString('base64url'),
    publish: (events) => published.push(...events),
  })
  return {
    storage,
    store,
    clock,
    published,
    run(command, input, actor = SYSTEM) {
      return runner.run(command, { siteId: 1, actor }, input)
    },
    read(work) {
      return store.read(work)
    },
    staff(username) {
      const row = db.select().from(users).where(eq(users.username, username)).get()
      if (!row) throw new Error(`no user ${username}`)
      return { type: 'staff', id: row.id }
    },
    service(code) {
      const row = db.select().from(services).where(eq(services.code, code)).get()
      if (!row) throw new Error(`no service ${code}`)
      return row
    },
    counter(number) {
      const row = db.select().from(counters).where(eq(counters.number, number)).get()
      if (!row) throw new Error(`no counter ${number}`)
      return row
    },
    group(code) {
      const row = db.select().from(priorityGroups).where(eq(priorityGroups.code, code)).get()
      if (!row) throw new Error(`no priority group ${code}`)
      return row.id
    },
    setService(code, changes) {
      db.update(services).set(changes).where(eq(services.code, code)).run()
    },
  }
}
