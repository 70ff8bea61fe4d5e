/**
 * Citizens' phones following their tickets over Socket.IO (the page at /t/:id/:code). A phone
 * proves it holds the ticket's secret code in the handshake (realtime.ts) and then receives only
 * `ticket:progress`: its own ticket as its page shows it, never the queue's events, which name
 * staff, carry internal transfer notes and other citizens' tickets.
 *
 * A change to the ticket itself (called, recalled, served, moved) is pushed at once. Any other
 * change at the site can move people ahead and the wait; those are recomputed once per burst of
 * changes with one forecast for the whole site, and sent only to the phones whose figures changed.
 *
 * With several server processes, a phone may be connected to another process than the one that
 * ran the command: the events committed anywhere reach this plugin (`realtime.onCommitted`).
 */
import fp from 'fastify-plugin'
import type { QueueEvent } from '../../../shared/contract.js'
import { estimateAll, loadQueueNow, type WaitEstimate } from '../domain/estimate.js'
import { latestOf, ticketProgress } from '../routes/tracking-view.js'
import type { Follower, QmsSocket } from './realtime.js'

/** Site changes within this many ms are recomputed together: a burst of calls costs one forecast. */
const SETTLE_MS = 150

function ticketIdsOf(event: QueueEvent): number[] {
  const p = event.payload
  if ('from' in p) return [p.from.id, p.ticket.id]
  if ('ticket' in p) return [p.ticket.id]
  return []
}

export default fp(
  async (app) => {
    /** Per site, the phones following a ticket there, with what each was last sent. */
    const bySite = new Map<number, Map<QmsSocket, { follower: Follower; sent: string; ticketIds: Set<number> }>>()
    const pending = new Map<number, ReturnType<typeof setTimeout>>()

    async function push(siteId: number, only?: Set<number>): Promise<void> {
      const phones = bySite.get(siteId)
      if (!phones || phones.size === 0) return
      await app.store.read(async (r) => {
        const now = app.clock()
        let estimates: Map<number, WaitEstimate> | undefined
        for (const [socket, entry] of phones) {
          if (only && ![...entry.ticketIds].some((id) => only.has(id))) continue
          const first = await r.tickets.get(entry.follower.siteId, entry.follower.ticketId)
          if (!first) continue
          const row = await latestOf(r.tickets, first)
          entry.ticketIds.add(row.id)
          if (row.status === 'waiting') estimates ??= estimateAll(await loadQueueNow(r, siteId, now))
          const progress = await ticketProgress(r, first, row, entry.follower.lang, now, estimates?.get(row.id))
          // The time of the update alone is no news: send only what the citizen would see change.
          const key = JSON.stringify({ ...progress, updatedText: '' })
          if (key === entry.sent) continue
          entry.sent = key
          socket.emit('ticket:progress', progress)
        }
      })
    }

    const pushed = (siteId: number, only?: Set<number>) =>
      push(siteId, only).catch((err: unknown) => app.log.error({ err, siteId }, 'ticket progress update failed'))

    function settleLater(siteId: number): void {
      if (pending.has(siteId)) return
      const timer = setTimeout(() => {
        pending.delete(siteId)
        void pushed(siteId)
      }, SETTLE_MS)
      timer.unref()
      pending.set(siteId, timer)
    }

    app.realtime.io.on('connection', (socket: QmsSocket) => {
      const who = socket.data.who
      if (who.kind !== 'follower') return
      let phones = bySite.get(who.siteId)
      if (!phones) bySite.set(who.siteId, (phones = new Map()))
      phones.set(socket, { follower: who, sent: '', ticketIds: new Set([who.ticketId]) })
      socket.on('disconnect', () => {
        phones.delete(socket)
        if (phones.size === 0) bySite.delete(who.siteId)
      })
      push(who.siteId, new Set([who.ticketId])).catch((err: unknown) => app.log.error({ err }, 'ticket progress on connect failed'))
    })

    app.realtime.onCommitted((events) => {
      const touched = new Map<number, Set<number>>()
      for (const event of events) {
        const siteId = event.payload.siteId
        if (!bySite.has(siteId)) continue
        const ids = touched.get(siteId) ?? new Set<number>()
        for (const id of ticketIdsOf(event)) ids.add(id)
        touched.set(siteId, ids)
      }
      for (const [siteId, ids] of touched) {
        // The citizen's own call cannot wait for the rest of the site.
        if (ids.size > 0) void pushed(siteId, ids)
        settleLater(siteId)
      }
    })

    app.addHook('onClose', async () => {
      for (const timer of pending.values()) clearTimeout(timer)
      pending.clear()
      bySite.clear()
    })
  },
  { name: 'ticket-followers', dependencies: ['storage', 'realtime'] },
)
