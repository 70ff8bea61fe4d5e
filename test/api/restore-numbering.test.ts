// SQLite only: restoring a copy of the SQLite file; on PostgreSQL a province restores with its own tools.
/**
 * A backup restored during the day must not hand out numbers already printed on paper: the server
 * keeps a note of the day's last numbers beside the database, and after the restore numbering
 * continues past them, with an audit row and a warning in the log.
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { loggerOptions } from '../../server/src/logging.js'
import { aDevice, build, FakeClock, issue, serviceId, sqlRows } from '../helpers/build.js'

t.test('after a restore, numbering continues past the numbers already given out today', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-restore-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'qms.sqlite')
  const backupPath = join(dir, 'backup.sqlite')
  const clock = new FakeClock()

  const { app } = await build(t, { databasePath, clock })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const land = await serviceId(app, 'DD')
  const civil = await serviceId(app, 'HT')
  const number = async (serviceId: number) => ((await issue(app, kiosk, { serviceId })).json() as { ticket: { number: string } }).ticket.number
  t.equal(await number(land), '1001')
  t.equal(await number(civil), '2001')
  // The morning's backup, taken while the centre works.
  const live = new Database(databasePath, { readonly: true })
  await live.backup(backupPath)
  live.close()
  // The day goes on: more numbers are printed and handed out.
  for (const expected of ['1002', '1003', '1004']) t.equal(await number(land), expected)
  t.equal(await number(civil), '2002')
  await app.close()
  t.ok(existsSync(`${databasePath}.numbers.json`), 'the note of the day’s numbers is beside the database')

  // The file is lost and this morning's copy is put back, as the README says.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })
  copyFileSync(backupPath, databasePath)

  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  const restored = await build(t, { databasePath, clock, logger: loggerOptions('info', stream) })
  const again = async (serviceId: number) => ((await issue(restored.app, kiosk, { serviceId })).json() as { ticket: { number: string } }).ticket.number
  t.equal(await again(land), '1005', 'Đất đai continues after 1004, not from 1002')
  t.equal(await again(civil), '2003', 'Hộ tịch after 2002')
  t.match(lines.join('\n'), /numbering continues after them/, 'the log says what happened')
  const audit = await sqlRows<{ action: string; detail: string }>(restored.app, "select action, detail from audit_log where action = 'numbering.resume'")
  t.equal(audit.length, 1, 'an audit row records it')
  t.match(JSON.parse(audit[0]!.detail), {
    raised: [
      { serviceId: land, from: 1, to: 4 },
      { serviceId: civil, from: 1, to: 2 },
    ],
  })
  // The note is rewritten a moment after an issue (one write for a burst).
  const note = () => readFileSync(`${databasePath}.numbers.json`, 'utf8')
  for (let i = 0; i < 40 && !note().includes(`"${land}":5`); i++) await new Promise((r) => setTimeout(r, 50))
  t.match(note(), `"${land}":5`, 'and the note goes on')
})

t.test('on a new day the note of yesterday changes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-restore-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'qms.sqlite')
  const clock = new FakeClock()
  const { app } = await build(t, { databasePath, clock })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const land = await serviceId(app, 'DD')
  for (let i = 0; i < 3; i++) await issue(app, kiosk, { serviceId: land })
  await app.close()
  clock.advance(24 * 3600_000)
  const next = await build(t, { databasePath, clock })
  t.equal((await issue(next.app, kiosk, { serviceId: land })).json().ticket.number, '1001', 'a new day starts at its first number')
})
