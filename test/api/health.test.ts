/**
 * The health check a monitor or a reverse proxy polls: up, version, database readable, screens connected.
 * Its Redis field with a real Redis is tested in test/realtime/redis-adapter.test.ts.
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { aDevice, baseUrl, build } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'
import { dialect } from '../helpers/engines.js'

t.test('GET /api/health answers without a login: version, uptime, database and connected screens', async (t) => {
  const { app } = await build(t, { listen: true })
  const display = await aDevice(app, 'display')
  const screen = connect(t, baseUrl(app), { auth: { deviceToken: display.token } })
  await screen.displaySnapshot
  const res = await app.inject({ method: 'GET', url: '/api/health' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  const body = res.json()
  t.equal(body.status, 'ok')
  t.equal(body.database, 'ok')
  t.equal(body.redis, 'not_used', 'one process, no REDIS_URL')
  t.equal(body.version, JSON.parse(readFileSync('package.json', 'utf8')).version)
  t.equal(body.connectedClients, 1, 'the display is connected')
  t.type(body.uptimeSeconds, 'number')
  t.equal(body.lastBackup, null, 'backups are off in tests (see backup.test.ts)')
  t.same(Object.keys(body).sort(), ['connectedClients', 'database', 'lastBackup', 'redis', 'status', 'uptimeSeconds', 'version'], 'nothing else is told')
})

const SQLITE_ONLY = dialect === 'postgres' && 'SQLite only: it closes the SQLite file under the running server'

t.test('a database that cannot be read answers 503, not 500, and says which part failed', { skip: SQLITE_ONLY }, async (t) => {
  const { app } = await build(t)
  // The real file closed under the running server, as when the disk goes away.
  app.storage.sqlite.close()
  const res = await app.inject({ method: 'GET', url: '/api/health' })
  t.equal(res.statusCode, 503)
  t.same({ status: res.json().status, database: res.json().database }, { status: 'unavailable', database: 'unreadable' })
})
