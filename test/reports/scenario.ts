/**
 * A day whose every report figure is known by construction, played through the real domain
 * commands with a fake clock (Asia/Ho_Chi_Minh, UTC+7). Expected figures are worked out in
 * test/reports/figures.test.ts next to the assertions.
 *
 * Monday 2026-11-23 (local times):
 *   08:00  A  DD issued. Counter 1 calls 08:05 (wait 5 min), serves 08:06–08:16 (10 min): done.
 *   08:00  B  DD issued, priority NCT. Counter 1 calls 08:20 (wait 20 min = DD target), starts 08:21,
 *             transfers to HT at 08:25 → B' HT queued 08:25; counter 3 calls 08:40 (wait 15 min = HT
 *             target), serves 08:41–08:49 (8 min): done.
 *   08:00  C  HT issued. Counter 3 calls 08:10 (wait 10 min), recalls 08:11 and 08:12, marks absent
 *             08:13; C comes back 08:20, is called again 08:30, served 08:31–08:36 (5 min): done.
 *   08:30  D  CT issued, cancelled 08:45 while waiting.
 *   08:50  E  DD issued. Counter 1 calls 09:50 (wait 60 min, over target), marks absent 09:52.
 *   23:59  F  HT issued, still waiting at the day close (00:00:30 Tuesday): closed.
 * Tuesday 2026-11-24:
 *   00:01  G  CT issued (17:01 UTC Monday!), counter 3 calls 00:05 (wait 4 min), serves 00:06–00:10.
 */
import { eq } from 'drizzle-orm'
import { randomBytes } from 'node:crypto'
import type { Db } from '../../server/src/db/client.js'
import type { Store } from '../../server/src/db/store.js'
import { counters, priorityGroups, services, users } from '../../server/src/db/schema.js'
import { createRunner, SYSTEM, type Actor, type Command } from '../../server/src/domain/runner.js'
import { callSpecific, cancel, finish, markNoShow, recall, returnToQueue, startServing, transfer } from '../../server/src/domain/calls.js'
import { openCounter } from '../../server/src/domain/counter-state.js'
import { closeDay } from '../../server/src/domain/day.js'
import { issueTicket } from '../../server/src/domain/issue.js'

/** A local time in Hà Nội on a given day of November 2026, as UTC ms. */
export const local = (day: number, hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, day, hh - 7, mm, ss)

export interface Scenario {
  ids: { DD: number; HT: number; CT: number; counter1: number; counter3: number; canbo1: number; canbo3: number; NCT: number }
}

/** Plays the day through the runner on `target`'s store (an app, or a domain fixture); nothing is published. */
export async function playScenario(target: { storage: { db: Db }; store: Store }, clock: { set(ms: number): void; now(): number }): Promise<Scenario> {
  const db = target.storage.db
  const runner = createRunner({ store: target.store, clock: () => clock.now(), secret: (bytes) => randomBytes(bytes).toString('base64url'), publish: () => {} })
  const one = <T>(row: T | undefined, what: string): T => {
    if (!row) throw new Error(`scenario: no ${what}`)
    return row
  }
  const service = (code: string) => one(db.select().from(services).where(eq(services.code, code)).get(), code).id
  const counter = (n: number) => one(db.select().from(counters).where(eq(counters.number, n)).get(), `counter ${n}`).id
  const user = (name: string) => one(db.select().from(users).where(eq(users.username, name)).get(), name).id
  const ids = {
    DD: service('DD'),
    HT: service('HT'),
    CT: service('CT'),
    counter1: counter(1),
    counter3: counter(3),
    canbo1: user('canbo1'),
    canbo3: user('canbo3'),
    NCT: one(db.select().from(priorityGroups).where(eq(priorityGroups.code, 'NCT')).get(), 'NCT').id,
  }
  const system: Actor = SYSTEM
  const staff1: Actor = { type: 'staff', id: ids.canbo1 }
  const staff3: Actor = { type: 'staff', id: ids.canbo3 }
  const at = <I, R>(when: number, command: Command<I, R>, input: I, actor: Actor = system): Promise<R> => {
    clock.set(when)
    return runner.run(command, { siteId: 1, actor }, input)
  }
  const issue = async (when: number, serviceId: number, priorityGroupId: number | null = null) =>
    (await at(when, issueTicket, { serviceId, priorityGroupId })).ticket.id
  const c1 = ids.counter1
  const c3 = ids.counter3

  await at(local(23, 7, 55), openCounter, { counterId: c1, staffId: ids.canbo1 }, staff1)
  await at(local(23, 7, 55), openCounter, { counterId: c3, staffId: ids.canbo3 }, staff3)
  const A = await issue(local(23, 8, 0), ids.DD)
  const B = await issue(local(23, 8, 0), ids.DD, ids.NCT)
  const C = await issue(local(23, 8, 0), ids.HT)
  await at(local(23, 8, 5), callSpecific, { counterId: c1, ticketId: A }, staff1)
  await at(local(23, 8, 6), startServing, { counterId: c1, ticketId: A }, staff1)
  await at(local(23, 8, 10), callSpecific, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 11), recall, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 12), recall, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 13), markNoShow, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 16), finish, { counterId: c1, ticketId: A }, staff1)
  await at(local(23, 8, 20), returnToQueue, { ticketId: C }, staff3)
  await at(local(23, 8, 20), callSpecific, { counterId: c1, ticketId: B }, staff1)
  await at(local(23, 8, 21), startServing, { counterId: c1, ticketId: B }, staff1)
  const moved = (await at(local(23, 8, 25), transfer, { ticketId: B, counterId: c1, toServiceId: ids.HT }, staff1)).ticket.id
  const D = await issue(local(23, 8, 30), ids.CT)
  await at(local(23, 8, 30), callSpecific, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 31), startServing, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 36), finish, { counterId: c3, ticketId: C }, staff3)
  await at(local(23, 8, 40), callSpecific, { counterId: c3, ticketId: moved }, staff3)
  await at(local(23, 8, 41), startServing, { counterId: c3, ticketId: moved }, staff3)
  await at(local(23, 8, 45), cancel, { ticketId: D }, staff3)
  await at(local(23, 8, 49), finish, { counterId: c3, ticketId: moved }, staff3)
  const E = await issue(local(23, 8, 50), ids.DD)
  await at(local(23, 9, 50), callSpecific, { counterId: c1, ticketId: E }, staff1)
  await at(local(23, 9, 52), markNoShow, { counterId: c1, ticketId: E }, staff1)
  await issue(local(23, 23, 59), ids.HT)
  await at(local(24, 0, 0, 30), closeDay, {})
  const G = await issue(local(24, 0, 1), ids.CT)
  await at(local(24, 0, 5), callSpecific, { counterId: c3, ticketId: G }, staff3)
  await at(local(24, 0, 6), startServing, { counterId: c3, ticketId: G }, staff3)
  await at(local(24, 0, 10), finish, { counterId: c3, ticketId: G }, staff3)
  return { ids }
}
