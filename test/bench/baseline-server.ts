/**
 * The baseline: the least a server can do for the same requests. Bare Fastify routes that each
 * make the same single SQLite write in a transaction (better-sqlite3, WAL, synchronous=FULL: the
 * durability the system has), and a bare Socket.IO broadcast of an event the size of ours to
 * every connected display. No validation, no auth, no event log, no snapshot: the bench divides
 * the system's figures by these to show what everything else costs.
 *
 * Run by the bench with plain node (built to dist/bench/), like the system: DATABASE_PATH, PORT.
 */
import Fastify from 'fastify'
import { Server } from 'socket.io'
import Database from 'better-sqlite3'

const port = Number(process.env.PORT ?? 0)
const db = new Database(process.env.DATABASE_PATH ?? ':memory:')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
db.exec(`
  CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id INTEGER NOT NULL,
    number TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    called_at INTEGER,
    serving_at INTEGER,
    finished_at INTEGER,
    counter_id INTEGER,
    idempotency_key TEXT
  );
  CREATE INDEX IF NOT EXISTS tickets_status ON tickets (status, id);
`)

interface TicketRow {
  id: number
  service_id: number
  number: string
  status: string
  issued_at: number
  called_at: number | null
  counter_id: number | null
}

const insertTicket = db.prepare<[number, string, number, string | null], TicketRow>(
  `INSERT INTO tickets (service_id, number, status, issued_at, idempotency_key) VALUES (?, ?, 'waiting', ?, ?) RETURNING *`,
)
const callOldest = db.prepare<[number, number], TicketRow>(
  `UPDATE tickets SET status = 'called', called_at = ?, counter_id = ?
   WHERE id = (SELECT id FROM tickets WHERE status = 'waiting' ORDER BY id LIMIT 1) RETURNING *`,
)
const setStatus = db.prepare<[string, number, number], TicketRow>(`UPDATE tickets SET status = ?, finished_at = ? WHERE id = ? RETURNING *`)

const issue = db.transaction((serviceId: number, key: string | null) => insertTicket.get(serviceId, String(serviceId * 1000), Date.now(), key))
const call = db.transaction((counterId: number) => callOldest.get(Date.now(), counterId))
const update = db.transaction((status: string, id: number) => setStatus.get(status, Date.now(), id))

/** An event shaped and sized like the system's `ticket:called` (ticket and counter views). */
function calledEvent(row: { id: number; counter_id: number | null; called_at: number | null }, seq: number) {
  const at = row.called_at ?? Date.now()
  return {
    siteId: 1,
    seq,
    at,
    ticket: {
      id: row.id,
      number: '1001',
      serviceId: 1,
      serviceDay: '2026-11-23',
      priorityGroupId: null,
      status: 'called',
      issuedAt: at,
      queuedAt: at,
      calledAt: at,
      servingAt: null,
      finishedAt: null,
      counterId: row.counter_id,
      staffId: 2,
      recallCount: 0,
      transferredFromId: null,
      transferNote: null,
      targetCounterId: null,
    },
    counter: {
      id: row.counter_id,
      number: row.counter_id,
      name: `Quầy ${row.counter_id}`,
      status: 'open',
      pauseReason: null,
      strategy: 'service_order',
      serviceIds: [1, 5],
      staffId: 2,
      staffName: 'Nguyễn Thị Lan',
      currentTicketId: row.id,
      updatedAt: at,
    },
  }
}

const app = Fastify({ logger: false })
const io = new Server(app.server, { path: '/socket.io', serveClient: false, pingInterval: 10_000, pingTimeout: 8_000 })
let seq = 0

app.get('/health', async () => ({ ok: true }))

app.post<{ Body: { serviceId?: number } }>('/api/kiosk/tickets', async (request, reply) => {
  const key = request.headers['idempotency-key']
  const row = issue(Number(request.body?.serviceId ?? 1), typeof key === 'string' ? key : null)
  return reply.status(201).send({ ticket: row })
})

app.post<{ Params: { id: string } }>('/api/counters/:id/call-next', async (request, reply) => {
  const row = call(Number(request.params.id))
  if (!row) return reply.status(409).send({ code: 'queue_empty' })
  io.emit('ticket:called', calledEvent(row, ++seq))
  return row
})

app.post<{ Params: { id: string; ticketId: string } }>('/api/counters/:id/tickets/:ticketId/start', async (request) =>
  update('serving', Number(request.params.ticketId)),
)
app.post<{ Params: { id: string; ticketId: string } }>('/api/counters/:id/tickets/:ticketId/finish', async (request) =>
  update('done', Number(request.params.ticketId)),
)

/** The broadcast alone, without the write: what Socket.IO itself costs to reach every display. */
let bareId = 1_000_000_000
app.post<{ Params: { id: string } }>('/bare/counters/:id/broadcast', async (request) => {
  const row = { id: ++bareId, counter_id: Number(request.params.id), called_at: Date.now() }
  io.emit('ticket:called', calledEvent(row, ++seq))
  return row
})

async function close(): Promise<void> {
  io.disconnectSockets(true)
  await app.close()
  db.close()
  process.exit(0)
}
process.once('SIGTERM', () => void close())
process.once('SIGINT', () => void close())

await app.listen({ port, host: '127.0.0.1' })
