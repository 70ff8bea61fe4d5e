/**
 * The first start creates secrets a person must read once: the generated administrator password
 * and the demo devices' links. They go to a file only this account can read, never into the JSON
 * log (kept, shipped and read by others); the log says where the file is.
 */
import t from 'tap'
import { readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { loggerOptions } from '../../server/src/logging.js'
import { FIRST_START_FILE } from '../../server/src/plugins/storage.js'
import { build } from '../helpers/build.js'

t.test('the first start writes its secrets to a private file, not to the log', async (t) => {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  const { app, databasePath } = await build(t, { logger: loggerOptions('info', stream), env: { ADMIN_PASSWORD: undefined } })
  const file = join(dirname(databasePath), FIRST_START_FILE)
  const notice = readFileSync(file, 'utf8')
  t.equal(statSync(file).mode & 0o777, 0o600, 'only this account may read it')
  const password = /password (\S+)/.exec(notice)?.[1]
  const kioskToken = /kiosk\/#token=(\S+)/.exec(notice)?.[1]
  const displayToken = /display\/#token=(\S+)/.exec(notice)?.[1]
  t.ok(password && kioskToken && displayToken, 'it holds the password and both links')

  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password } })
  t.equal(login.statusCode, 200, 'the password in it works')
  const kiosk = await app.inject({ url: '/api/device/me', headers: { authorization: `Bearer ${kioskToken}` } })
  t.equal(kiosk.statusCode, 200, 'and so does the kiosk link')

  const log = lines.join('\n')
  t.notMatch(log, password!, 'the password is not in the log')
  t.notMatch(log, kioskToken!, 'nor the kiosk token')
  t.notMatch(log, displayToken!, 'nor the display token')
  t.match(log, FIRST_START_FILE, 'the log says where to find them')
})
