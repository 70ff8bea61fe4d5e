/**
 * A load process holding many waiting-room displays: one Socket.IO connection each, with its own
 * device token, as the display front end connects. Records when each display receives each
 * `ticket:called` (the baseline) or call step of the display stream (the system), so the bench can find when the LAST display saw a call.
 */
import { io, type Socket } from 'socket.io-client'
import { now, sleep } from '../lib/clock.js'
import { serve } from '../lib/rpc.js'

interface Seen {
  count: number
  last: number
}

const sockets: Socket[] = []
let seen = new Map<number, Seen>()
let recording = true
let payloadBytes = 0
const waiters = new Map<number, () => void>()

/** `message`: what carried the call over the wire, when that is not the call itself (its size is recorded). */
function onCalled(payload: { ticket?: { id?: number } }, message: unknown = payload): void {
  const at = now()
  if (!recording) return
  const id = payload.ticket?.id
  if (typeof id !== 'number') return
  if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(message))
  const entry = seen.get(id)
  if (entry) {
    entry.count++
    entry.last = at
  } else seen.set(id, { count: 1, last: at })
  if ((entry?.count ?? 1) >= sockets.length) waiters.get(id)?.()
}

function connectOne(url: string, token: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      forceNew: true,
      // A display reconnects by itself in life; here a lost connection is a failure to report.
      reconnection: false,
      timeout: timeoutMs,
      auth: { deviceToken: token },
    })
    const timer = setTimeout(() => {
      socket.close()
      reject(new Error('connect timeout'))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve(socket)
    })
    socket.once('connect_error', (err) => {
      clearTimeout(timer)
      socket.close()
      reject(err)
    })
    // The baseline sends `ticket:called`; the system sends displays their own stream, where a call is a step.
    socket.on('ticket:called', onCalled)
    socket.on('display:changed', (update: { steps?: { call?: { ticketId: number; recall: boolean } }[] }) => {
      for (const step of update.steps ?? []) if (step.call && !step.call.recall) onCalled({ ticket: { id: step.call.ticketId } }, update)
    })
  })
}

serve({
  /** Opens more displays, a batch at a time (a storm of handshakes is not what is measured). */
  async connect(p: { url: string; urls?: string[]; tokens: string[]; timeoutMs?: number }) {
    // Several server processes: each display connects to one of them, in turn.
    const urls = p.urls ?? [p.url]
    let failed = 0
    const errors: string[] = []
    for (let i = 0; i < p.tokens.length; i += 25) {
      const batch = p.tokens.slice(i, i + 25)
      const results = await Promise.allSettled(batch.map((t, j) => connectOne(urls[(i + j) % urls.length] as string, t, p.timeoutMs ?? 15_000)))
      for (const r of results) {
        if (r.status === 'fulfilled') sockets.push(r.value)
        else {
          failed++
          if (errors.length < 3) errors.push(String(r.reason))
        }
      }
    }
    return { connected: sockets.length, failed, errors }
  },
  record(p: { on: boolean }) {
    recording = p.on
    seen = new Map()
    return { ok: true }
  },
  /** Per call seen: ticket id, how many of this process's displays got it, and when the last one did. */
  collect() {
    const out = [...seen].map(([id, s]) => [id, s.count, s.last] as const)
    seen = new Map()
    return { displays: sockets.length, connectedNow: sockets.filter((s) => s.connected).length, payloadBytes, seen: out }
  },
  /** Resolves when every display of this process has the call, or at the timeout. */
  async waitFor(p: { ticketId: number; timeoutMs: number }) {
    const entry = () => seen.get(p.ticketId)
    if ((entry()?.count ?? 0) < sockets.length) {
      await Promise.race([new Promise<void>((resolve) => waiters.set(p.ticketId, resolve)), sleep(p.timeoutMs)])
      waiters.delete(p.ticketId)
    }
    const e = entry()
    seen.delete(p.ticketId)
    return { count: e?.count ?? 0, last: e?.last ?? Number.NaN, displays: sockets.length }
  },
  async disconnect() {
    for (const s of sockets.splice(0)) s.close()
    seen = new Map()
    return { ok: true }
  },
})
