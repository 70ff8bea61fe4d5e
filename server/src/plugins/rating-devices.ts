/**
 * Rating devices on counters' desks, over Socket.IO. A device proves itself with its token in the
 * handshake (realtime.ts), joins no queue room, and receives only `rating:state`: its own counter as
 * it shows it (the officer, the number being served, and the visit to rate once the counter finished
 * it). Never the queue's events, which carry other counters' tickets and staff notes.
 *
 * The state is computed from the database, not from the events: a device that reconnects after a
 * server restart or a network blip gets the same state again, question included, and a change
 * anywhere on another server process reaches it through `realtime.onCommitted`.
 */
import fp from 'fastify-plugin'
import type { QueueEvent, RatingDeviceState } from '../../../shared/contract.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import type { Repositories } from '../db/store.js'
import { ratingSettings } from '../domain/ratings.js'
import { counterViews } from '../domain/views.js'
import type { QmsSocket } from './realtime.js'

/** A visit finished longer ago than this is no longer asked about (the citizen has left). */
export const RATING_ASK_MS = 3 * 60_000

/** The counters an event touched: their devices' state may have changed. Null: every counter of the site. */
function countersOf(event: QueueEvent): number[] | null {
  const p = event.payload
  if ('closedTicketIds' in p || 'what' in p) return null
  const ids: number[] = []
  if ('counter' in p && p.counter) ids.push(p.counter.id)
  if ('ticket' in p && p.ticket.counterId !== null) ids.push(p.ticket.counterId)
  if ('from' in p && p.from.counterId !== null) ids.push(p.from.counterId)
  return ids
}

/** What the device at `counterId` (undefined: none set) shows now. */
export async function ratingDeviceState(r: Repositories, siteId: number, counterId: number | undefined, now: number): Promise<RatingDeviceState> {
  const site = await r.sites.get(siteId)
  const { scale, reasons } = site ? ratingSettings(site) : ratingSettings({ ratingScale: 5, ratingReasons: null })
  const base = { counter: null, staffName: null, serving: null, ask: null, scale, reasons, serverTime: now }
  if (counterId === undefined || !site) return base
  const counter = (await counterViews(r, siteId)).find((c) => c.id === counterId)
  if (!counter) return base
  const state: RatingDeviceState = { ...base, counter: { id: counter.id, number: counter.number, name: counter.name }, staffName: counter.staffName }
  if (counter.currentTicketId !== null) {
    const ticket = await r.tickets.get(siteId, counter.currentTicketId)
    if (ticket && (ticket.status === 'called' || ticket.status === 'serving')) state.serving = { number: ticket.number, status: ticket.status }
    return state
  }
  const last = await r.tickets.lastFinishedAt(siteId, counterId, serviceDayOf(now, site.timeZone))
  if (!last || last.finishedAt === null || now - last.finishedAt > RATING_ASK_MS) return state
  if ((await r.tickets.ratingOf(last.id)) !== undefined) return state
  const staff = last.staffId === null ? undefined : await r.users.byId(last.staffId)
  state.ask = { ticketId: last.id, number: last.number, staffName: staff?.displayName ?? counter.staffName }
  if (state.staffName === null) state.staffName = state.ask.staffName
  return state
}

export interface RatingDevicesApi {
  /** Sends every rating device at the counter its state again (after a rating: the question is answered). */
  refresh(siteId: number, counterId: number): void
}

declare module 'fastify' {
  interface FastifyInstance {
    ratingDevices: RatingDevicesApi
  }
}

export default fp(
  async (app) => {
    /** Per site, the rating devices connected to this process, with their counter and what each was last sent. */
    const bySite = new Map<number, Map<QmsSocket, { counterId: number | undefined; sent: string }>>()

    async function push(siteId: number, only: Set<number> | null, socketOnly?: QmsSocket): Promise<void> {
      const devices = bySite.get(siteId)
      if (!devices || devices.size === 0) return
      await app.store.read(async (r) => {
        const now = app.clock()
        const byCounter = new Map<number | undefined, RatingDeviceState>()
        for (const [socket, entry] of devices) {
          if (socketOnly && socket !== socketOnly) continue
          if (only && (entry.counterId === undefined || !only.has(entry.counterId))) continue
          let state = byCounter.get(entry.counterId)
          if (!state) byCounter.set(entry.counterId, (state = await ratingDeviceState(r, siteId, entry.counterId, now)))
          const key = JSON.stringify({ ...state, serverTime: 0 })
          if (key === entry.sent && !socketOnly) continue
          entry.sent = key
          socket.emit('rating:state', state)
        }
      })
    }

    const pushed = (siteId: number, only: Set<number> | null, socketOnly?: QmsSocket) =>
      push(siteId, only, socketOnly).catch((err: unknown) => app.log.error({ err, siteId }, 'rating device update failed'))

    app.realtime.io.on('connection', (socket: QmsSocket) => {
      const who = socket.data.who
      if (who.kind !== 'device' || who.device.kind !== 'rating') return
      const siteId = who.device.siteId
      let devices = bySite.get(siteId)
      if (!devices) bySite.set(siteId, (devices = new Map()))
      devices.set(socket, { counterId: who.device.config.counterId, sent: '' })
      socket.on('disconnect', () => {
        devices.delete(socket)
        if (devices.size === 0) bySite.delete(siteId)
      })
      void pushed(siteId, null, socket)
    })

    app.realtime.onCommitted((events) => {
      const touched = new Map<number, Set<number> | null>()
      for (const event of events) {
        const siteId = event.payload.siteId
        if (!bySite.has(siteId) || touched.get(siteId) === null) continue
        const ids = countersOf(event)
        if (ids === null) touched.set(siteId, null)
        else touched.set(siteId, new Set([...(touched.get(siteId) ?? []), ...ids]))
      }
      for (const [siteId, ids] of touched) void pushed(siteId, ids)
    })

    app.decorate('ratingDevices', {
      refresh(siteId: number, counterId: number) {
        void pushed(siteId, new Set([counterId]))
      },
    } satisfies RatingDevicesApi)

    app.addHook('onClose', async () => {
      bySite.clear()
    })
  },
  { name: 'rating-devices', dependencies: ['storage', 'realtime'] },
)
