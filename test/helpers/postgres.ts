/**
 * A PostgreSQL cluster of the test's own: initdb in a temporary folder, the server on a loopback
 * port, stopped (pg_ctl, by the pid it wrote) when the test ends. Tests that need one skip plainly
 * where PostgreSQL 15 is not installed.
 */
import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Tap } from './build.js'

const BIN = '/usr/lib/postgresql/15/bin'
const PORTS = [54360, 54361, 54362, 54363]

export const SKIP_POSTGRES: string | false = existsSync(join(BIN, 'initdb')) ? false : 'PostgreSQL 15 is not installed'

/** Runs a PostgreSQL program as the postgres user when we are root (it refuses to run as root). */
function run(program: string, args: string[], timeout = 60_000) {
  const asRoot = process.getuid?.() === 0
  return asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, program), ...args], { encoding: 'utf8', timeout })
    : spawnSync(join(BIN, program), args, { encoding: 'utf8', timeout })
}

function postgresUid(): number | null {
  const found = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  return found.status === 0 ? Number(found.stdout.trim()) : null
}

/** Starts a cluster and returns a postgres:// URL of its `postgres` database. */
export async function aPostgres(t: Tap): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-pg-'))
  const uid = postgresUid()
  if (process.getuid?.() === 0 && uid !== null) chownSync(dir, uid, uid)
  const init = run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync'])
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  for (const port of PORTS) {
    if (run('pg_isready', ['-h', '127.0.0.1', '-p', String(port)], 5_000).status === 0) continue // someone else's
    const started = run('pg_ctl', ['-D', dir, '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), 'start'])
    if (started.status !== 0) continue
    t.teardown(() => {
      run('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop'])
      rmSync(dir, { recursive: true, force: true })
    })
    return `postgres://postgres@127.0.0.1:${port}/postgres`
  }
  rmSync(dir, { recursive: true, force: true })
  throw new Error(`No free port for PostgreSQL in ${PORTS[0]}–${PORTS[PORTS.length - 1]}`)
}
