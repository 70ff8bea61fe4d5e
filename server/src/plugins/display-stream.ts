/**
 * The waiting-room displays' stream (shared/display-stream.ts): a display joins its site's display
 * room, never the site room that carries every queue event, and receives what its board shows:
 * calls and recalls at once, everything else (counter states, tickets leaving a counter, waiting
 * counts) coalesced into one message per site every COALESCE_MS. No ticket:issued storm, no staff
 * names, pause reasons or transfer notes.
 *
 * Each committed event becomes one step, built once by the process that committed it (from the
 * event alone, no database read) and sent to the room, which spans processes through the Socket.IO
 * adapter. Steps carry the event's site seq, so a display on any process can put them in order and
 * see a lost one; see shared/display-stream.ts for why that sequence rather than one of the stream's own.
 */
import fp from 'fastify-plugin'
import { rooms, type QueueEvent } from '../../../shared/contract.js'
import { displayCounter, displaySnapshotOf, displayTicket, lastSeqOf, type DisplaySnapshot, type DisplayStep } from '../../../shared/display-stream.js'
import { payloadlessAck, snapshotRequests } from './snapshot-requests.js'
import type { QmsSocket } from './realtime.js'

/** Steps other than calls wait at most this long, so a burst of issues is one message per display. */
export const COALESCE_MS = 250

/** The step a display needs for one committed event. */
export function displayStep(event: QueueEvent): DisplayStep {
  const seq = event.payload.seq
  switch (event.name) {
    case 'ticket:issued':
      return { seq, issued: [event.payload.ticket.serviceId] }
    case 'day:closed':
    case 'site:changed':
      return { seq, resync: true }
    case 'counter:updated':
      return { seq, counter: displayCounter(event.payload.counter) }
    case 'ticket:transferred': {
      const { from, ticket, counter } = event.payload
      // The entry that left was waiting unless it was at a counter (then the event names the counter).
      const waiting: [number, number][] = counter ? [] : [[from.serviceId, -1]]
      waiting.push([ticket.serviceId, 1])
      return { seq, tickets: [displayTicket(from), displayTicket(ticket)], waiting, ...(counter ? { counter: displayCounter(counter) } : {}) }
    }
    default: {
      const { ticket, counter, at } = event.payload
      const step: DisplayStep = { seq, tickets: [displayTicket(ticket)] }
      if (counter) step.counter = displayCounter(counter)
      if (event.name === 'ticket:called' || event.name === 'ticket:recalled') {
        if (ticket.counterId !== null) {
          const recall = event.name === 'ticket:recalled'
          step.call = { ticketId: ticket.id, number: ticket.number, counterId: ticket.counterId, serviceId: ticket.serviceId, at, recall }
        }
        if (event.name === 'ticket:called') step.waiting = [[ticket.serviceId, -1]]
      }
      if (event.name === 'ticket:returned') step.waiting = [[ticket.serviceId, 1]]
      if (event.name === 'ticket:cancelled') step.waiting = [[ticket.serviceId, -1]]
      return step
    }
  }
}

/** Adds a step to a site's batch; consecutive issues share one run. */
function append(batch: DisplayStep[], step: DisplayStep): void {
  const last = batch[batch.length - 1]
  if (step.issued && last?.issued && lastSeqOf(last) + 1 === step.seq) last.issued.push(...step.issued)
  else batch.push(step)
}

export default fp(
  async (app) => {
    const io = app.realtime.io
    /** Per site, the steps not sent yet and the timer that sends them. */
    const pending = new Map<number, { steps: DisplayStep[]; timer: ReturnType<typeof setTimeout> | null }>()

    function flush(siteId: number): void {
      const batch = pending.get(siteId)
      if (!batch) return
      pending.delete(siteId)
      if (batch.timer) clearTimeout(batch.timer)
      // One message per call at most, so that each message goes whole to the displays of its counter.
      let from = 0
      batch.steps.forEach((step, i) => {
        if (!step.call && i < batch.steps.length - 1) return
        send(siteId, batch.steps.slice(from, i + 1))
        from = i + 1
      })
    }

    /**
     * A display set to show some counters (its device config's `counterIds`) receives only the
     * calls at those counters: the others reach it as the same step without the call, which keeps
     * its sequence whole (the waiting counts and ticket states still change).
     */
    function send(siteId: number, steps: DisplayStep[]): void {
      const call = steps.find((s) => s.call)?.call
      const everyone = rooms.displays(siteId)
      const some = rooms.displaysRestricted(siteId)
      if (!call) {
        io.to([everyone, some]).emit('display:changed', { siteId, steps })
        return
      }
      const shown = rooms.displaysOfCounter(siteId, call.counterId)
      io.to([everyone, shown]).emit('display:changed', { siteId, steps })
      const withoutCall = steps.map((s) => (s.call ? { ...s, call: undefined } : s))
      io.to(some).except(shown).emit('display:changed', { siteId, steps: withoutCall })
    }

    app.realtime.onPublished((events) => {
      const urgent = new Set<number>()
      for (const event of events) {
        const siteId = event.payload.siteId
        const step = displayStep(event)
        let batch = pending.get(siteId)
        if (!batch) pending.set(siteId, (batch = { steps: [], timer: null }))
        append(batch.steps, step)
        // A call is said at once; the steps before it go with it, in order.
        if (step.call || step.resync) urgent.add(siteId)
      }
      for (const siteId of new Set(events.map((e) => e.payload.siteId))) {
        if (urgent.has(siteId)) flush(siteId)
        else {
          const batch = pending.get(siteId)
          if (batch && !batch.timer) batch.timer = setTimeout(() => flush(siteId), COALESCE_MS)
        }
      }
    })

    /** What the display shows now: the calls at its own counters only, when it shows some. */
    const snapshotOf = async (siteId: number, counterIds: readonly number[]): Promise<DisplaySnapshot> =>
      displaySnapshotOf(await app.realtime.snapshot(siteId), counterIds)

    io.on('connection', (socket: QmsSocket) => {
      const { who, siteId } = socket.data
      if (who.kind !== 'device' || who.device.kind !== 'display') return
      // A change of settings drops the display's connection (devices route), so this holds while it lasts.
      const counterIds = who.device.config.counterIds ?? []
      // Joined before the snapshot is read: a step committed meanwhile is either in it or arrives after.
      if (counterIds.length === 0) void socket.join(rooms.displays(siteId))
      else void socket.join([rooms.displaysRestricted(siteId), ...counterIds.map((id) => rooms.displaysOfCounter(siteId, id))])
      const snapshot = () => snapshotOf(siteId, counterIds)
      snapshot().then(
        (first) => socket.emit('display:snapshot', first),
        (err: unknown) => app.log.error({ err }, 'display snapshot failed'),
      )
      const requests = snapshotRequests(snapshot, (err) => app.log.error({ err }, 'display snapshot failed'))
      socket.on('display:sync', (...args: unknown[]) => {
        const ack = payloadlessAck<DisplaySnapshot>('display:sync', args)
        if (ack) requests.ask(ack)
      })
      socket.on('disconnect', () => requests.close())
    })

    app.addHook('onClose', async () => {
      for (const batch of pending.values()) if (batch.timer) clearTimeout(batch.timer)
      pending.clear()
    })
  },
  { name: 'display-stream', dependencies: ['realtime', 'storage'] },
)
