// SQLite only: the server process on its SQLite file (a file deleted under it; SIGTERM).
/**
 * The real server process (dist/server/main.js), as systemd runs it: SIGTERM ends it within a
 * bounded time even with screens connected, and a server whose database file is deleted under it
 * says so in one line and exits with a failure status (it once ran on for 50 minutes, writing to a
 * file nobody would open again, and ignored SIGTERM).
 */
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io } from 'socket.io-client'
import { aServer, until, type ServerProcess } from '../cluster/processes.js'
import type { Tap } from '../helpers/build.js'

/** Grace for a clean stop (close-with-grace's delay, 10 s) and a margin for a loaded machine. */
const STOP_BOUND_MS = 15_000

async function aCentre(t: Tap) {
  const dir = mkdtempSync(join(tmpdir(), 'qms-process-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const server = await aServer(t, 'centre', { DATABASE_PATH: join(dir, 'data', 'qms.sqlite') })
  const notice = readFileSync(join(dir, 'data', 'first-start.txt'), 'utf8')
  return { dir, server, displayToken: /display\/#token=(\S+)/.exec(notice)![1]! }
}

const exitOf = (server: ServerProcess) =>
  new Promise<{ code: number | null; ms: number }>((resolve) => {
    const started = Date.now()
    if (server.child.exitCode !== null) return resolve({ code: server.child.exitCode, ms: 0 })
    server.child.once('exit', (code) => resolve({ code, ms: Date.now() - started }))
  })

t.test('SIGTERM ends the server within a bounded time, screens connected', async (t) => {
  const { server, displayToken } = await aCentre(t)
  const screen = io(server.url, { transports: ['websocket'], auth: { deviceToken: displayToken }, reconnection: false, forceNew: true })
  t.teardown(() => screen.disconnect())
  await new Promise<void>((resolve, reject) => {
    screen.once('display:snapshot', () => resolve())
    screen.once('connect_error', reject)
  })
  const exited = exitOf(server)
  server.child.kill('SIGTERM')
  const { code, ms } = await Promise.race([
    exited,
    new Promise<{ code: null; ms: number }>((r) => setTimeout(() => r({ code: null, ms: STOP_BOUND_MS }), STOP_BOUND_MS)),
  ])
  t.equal(code, 0, `it stopped cleanly (${ms} ms)`)
})

t.test('a server whose database file is deleted says so and exits', async (t) => {
  const { dir, server } = await aCentre(t)
  const exited = exitOf(server)
  rmSync(join(dir, 'data'), { recursive: true, force: true })
  await until('the health check to fail', async () => (await fetch(`${server.url}/api/health`).catch(() => null))?.status !== 200, 20_000)
  const { code } = await Promise.race([exited, new Promise<{ code: null; ms: number }>((r) => setTimeout(() => r({ code: null, ms: 0 }), 30_000))])
  t.equal(code, 1, 'it exited with a failure status')
  t.match(server.output(), 'the database file was deleted or replaced while the server ran', 'after one clear line')
})
