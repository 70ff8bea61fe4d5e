#!/usr/bin/env node
/**
 * Runs the tests (`npm test`) around throwaway engines: where this machine has PostgreSQL and
 * Redis installed, it starts one PostgreSQL cluster and one Redis on free loopback ports, migrates
 * a template database once, and runs tap twice:
 *   1. every test, on SQLite (each test on its own SQLite file), browser tests included;
 *   2. the dialect-neutral suites (SUITES below, less browser tests, files marked
 *      `// SQLite only: …` and files that open no database) again with QMS_TEST_DIALECT=postgres,
 *      each test on its own database copied from the template.
 *   3. the cluster test (test/cluster: several server processes on PostgreSQL and Redis, ten
 *      thousand calls) alone at the end, so that nothing else competes with it for the machine.
 * QMS_TEST_SIDE_BY_SIDE=postgres runs pass 2 beside pass 1, QMS_TEST_BESIDE_JOBS (1) files at a time,
 * its output printed once it has ended; =lane (.ci/run) runs, in that same one lane beside pass 1,
 * pass 2 and then (QMS_TEST_PASS=all) the reliability proofs; =1 runs pass 2 and the reliability
 * proofs beside pass 1 side by side (for a machine with cores to spare). See main().
 * Every pass sees QMS_TEST_PG_URL and QMS_TEST_REDIS_URL (for tests of several server processes).
 * Whatever it started it stops, by pid, when the tests end, fail or are interrupted.
 *
 * Where an engine is missing it says so plainly, with the apt-get line, and runs the rest.
 * Arguments are test files for both passes (`npm test -- test/api/commands.test.ts`).
 * QMS_TEST_ENGINES=off runs without starting anything (tests that need an engine skip themselves);
 * QMS_TEST_COVERAGE=1 measures coverage in the SQLite pass (off by default: it costs a fifth of the time).
 * QMS_TEST_PASS=sqlite, postgres or cluster runs that pass only; QMS_TEST_PASS=reliability runs
 * test/reliability instead (`npm run reliability`), which the other passes leave out;
 * QMS_TEST_PASS=all (CI) runs every pass and the reliability proofs too (on SQLite, then on
 * PostgreSQL) before the cluster test, which stays alone at the end; around one set of engines.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
process.chdir(root)

/** The suites whose every test runs on both dialects (browser tests and `// SQLite only:` files excepted). */
const SUITES = [
  'test/domain',
  'test/api',
  'test/realtime',
  'test/concurrency',
  'test/admin',
  'test/security',
  'test/kiosk',
  'test/province',
  'test/printing/print-queue.test.ts',
]

/** Marks a test file that is about the SQLite file itself; its first lines say why. */
const SQLITE_ONLY = /^\/\/ SQLite only: /m
/** A test file that drives Chromium: it runs once, on SQLite. */
const BROWSER = /from '(\.\.\/)+helpers\/browser\.js'/
/** A test file that opens a database (the app, a domain fixture, or a module that builds one); others run the same on both. */
const DATABASE =
  /from '(\.\.\/)+helpers\/(build|domain|engines)\.js'|from '\.\.\/security\/route-inventory\.js'|from '\.\/(route-inventory|schemas-exercise)\.js'/

/** Runs last and alone (pass 3): it loads the whole machine with two servers, PostgreSQL and Redis. */
const CLUSTER = 'test/cluster'
/**
 * The long proofs of issue 15 (crash cycles, fuzzing, storage faults): not in `npm test`, but in
 * `npm run reliability` (QMS_TEST_PASS=reliability), which `.ci/run` runs after it: on SQLite,
 * then on PostgreSQL for the files that are not `// SQLite only:`.
 */
const RELIABILITY = 'test/reliability'

const INSTALL = 'apt-get install -y postgresql redis-server'
/**
 * Test files at a time in a pass that runs beside the SQLite pass (which has .taprc's jobs): one by
 * default, so that the machine runs one process more than the SQLite pass alone, not three.
 */
const BESIDE_JOBS = Number(process.env.QMS_TEST_BESIDE_JOBS ?? 1)
/** How long starting an engine may take: initdb alone takes 30 s on a loaded two-core machine. */
const BOUND_MS = 180_000

const args = process.argv.slice(2)
const started = [] // { name, stop(): Promise<void> } in start order; stopped in reverse
const children = new Set() // the tap processes running now (two passes may run side by side)
let stopping = null

// ─── finding the engines ─────────────────────────────────────────────────────────────────────

function findPgBin() {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length > 0 ? join(base, versions[0], 'bin') : undefined
}

function findRedis() {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/sbin'])) {
    const path = join(dir, 'redis-server')
    if (dir && existsSync(path)) return path
  }
  return undefined
}

/** A port nobody listens on right now (the kernel picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Signals `pid`, waits (bounded) for it to end, then kills it. */
async function stopPid(pid, signal) {
  if (!alive(pid)) return
  process.kill(pid, signal)
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100)
  if (alive(pid)) process.kill(pid, 'SIGKILL')
}

function run(cmd, argv, opts = {}) {
  const res = spawnSync(cmd, argv, { encoding: 'utf8', timeout: BOUND_MS, ...opts })
  if (res.status !== 0) {
    throw new Error(`${[cmd, ...argv].join(' ')} failed (${res.error?.message ?? `status ${res.status}`}):\n${res.stdout ?? ''}${res.stderr ?? ''}`)
  }
  return res.stdout
}

// ─── PostgreSQL ──────────────────────────────────────────────────────────────────────────────

async function startPostgres(bin) {
  // In RAM where Linux offers it: the cluster is thrown away, fsync is off anyway.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'qms-pg-'))
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  const as = (argv) => (asRoot ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0], argv.slice(1)])
  if (asRoot) {
    const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
    if (user.status !== 0) throw new Error('running as root, and there is no postgres user to run PostgreSQL as')
    chownSync(dir, Number(user.stdout), Number(group.stdout))
  }
  chmodSync(dir, 0o700)
  const cleanup = () => rmSync(dir, { recursive: true, force: true })
  started.push({ name: `PostgreSQL files ${dir}`, stop: async () => cleanup() })

  run(...as([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']))
  const port = await freePort()
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    '-c shared_buffers=64MB',
  ].join(' ')
  run(...as([join(bin, 'pg_ctl'), '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', String(BOUND_MS / 1000), 'start']))
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  // SIGQUIT: immediate shutdown (the cluster is thrown away); its children follow the postmaster.
  started.push({ name: `PostgreSQL (pid ${pid}, port ${port})`, stop: () => stopPid(pid, 'SIGQUIT') })

  // The maintenance database's URL: tests make their own databases from it (test/helpers/engines.ts).
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  await migrateTemplate(url)
  return { url, port, log: join(dir, 'log') }
}

/** The template every test database is copied from: migrated once here, seeded by the tests. */
async function migrateTemplate(url) {
  const { default: pg } = await import('pg')
  const { drizzle } = await import('drizzle-orm/node-postgres')
  const { migrate } = await import('drizzle-orm/node-postgres/migrator')
  const template = new URL(url)
  template.pathname = '/qms_template'
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query('CREATE DATABASE qms_template')
  } finally {
    await admin.end()
  }
  const client = new pg.Client({ connectionString: template.toString() })
  await client.connect()
  try {
    await migrate(drizzle(client), { migrationsFolder: join(root, 'server', 'drizzle-pg') })
  } finally {
    await client.end()
  }
}

// ─── Redis ───────────────────────────────────────────────────────────────────────────────────

async function startRedis(redisServer) {
  const dir = mkdtempSync(join(tmpdir(), 'qms-redis-'))
  started.push({ name: `Redis files ${dir}`, stop: async () => rmSync(dir, { recursive: true, force: true }) })
  const port = await freePort()
  const pidfile = join(dir, 'redis.pid')
  run(redisServer, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--pidfile',
    pidfile,
    '--dir',
    dir,
    '--logfile',
    join(dir, 'log'),
  ])
  // The daemon writes its pid file once it runs.
  for (let i = 0; i < 100 && !existsSync(pidfile); i++) await sleep(50)
  if (!existsSync(pidfile)) throw new Error(`redis-server did not start on port ${port} (see ${join(dir, 'log')})`)
  const pid = Number(readFileSync(pidfile, 'utf8').trim())
  started.push({ name: `Redis (pid ${pid}, port ${port})`, stop: () => stopPid(pid, 'SIGTERM') })
  await waitForPong(port)
  return { url: `redis://127.0.0.1:${port}`, port }
}

async function waitForPong(port) {
  const deadline = Date.now() + BOUND_MS
  for (;;) {
    const pong = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.setTimeout(1000)
      socket.once('connect', () => socket.write('PING\r\n'))
      socket.once('data', (d) => {
        socket.destroy()
        resolve(d.toString().startsWith('+PONG'))
      })
      socket.once('error', () => resolve(false))
      socket.once('timeout', () => {
        socket.destroy()
        resolve(false)
      })
    })
    if (pong) return
    if (Date.now() > deadline) throw new Error(`Redis on port ${port} does not answer PING`)
    await sleep(100)
  }
}

// ─── the passes ──────────────────────────────────────────────────────────────────────────────

function testFiles(path) {
  if (!existsSync(path)) return []
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : []
  return readdirSync(path, { recursive: true })
    .map((f) => join(path, String(f)))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
}

/** The files of the PostgreSQL pass, with the reason each left-out file of SUITES stays on SQLite. */
function neutralFiles() {
  const chosen = []
  const left = []
  for (const file of SUITES.flatMap(testFiles)) {
    const source = readFileSync(file, 'utf8')
    if (BROWSER.test(source)) left.push(`${file}: browser`)
    else if (!DATABASE.test(source)) left.push(`${file}: no database, the same on both`)
    else if (SQLITE_ONLY.test(source)) left.push(`${file}: ${source.match(/^\/\/ SQLite only: (.*)$/m)[1].replace(/\.$/, '')}`)
    else chosen.push(file)
  }
  if (args.length === 0) return { chosen, left }
  const asked = new Set(args.flatMap(testFiles).map((f) => relative(root, join(root, f))))
  return { chosen: chosen.filter((f) => asked.has(f)), left }
}

/**
 * Runs tap. With `log`, its output goes to that file instead of this terminal: a pass that runs
 * beside another (see `aside`) is printed whole once it has ended, not interleaved line by line.
 */
function tap(argv, env, log) {
  return new Promise((resolve) => {
    const out = log ? openSync(log, 'w') : null
    // Its own process group, so that an interruption stops tap and every test process it runs.
    const child = spawn(process.execPath, [join(root, 'node_modules', 'tap', 'dist', 'esm', 'run.mjs'), ...argv], {
      stdio: out === null ? 'inherit' : ['ignore', out, out],
      env: { ...process.env, ...env },
      detached: true,
    })
    children.add(child)
    child.once('exit', (code, signal) => {
      children.delete(child)
      if (out !== null) closeSync(out)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

/**
 * Starts a pass beside the one in the foreground, its output kept in a file; `done()` waits for it,
 * prints its output and its header, and gives its result. Browser tests mostly wait on the page,
 * so a second pass fills the processor time they leave (measured: see the commit that added it).
 */
function aside(name, header, argv, env) {
  const dir = mkdtempSync(join(tmpdir(), 'qms-pass-'))
  started.push({ name: `the output of ${name} (${dir})`, stop: async () => rmSync(dir, { recursive: true, force: true }) })
  const log = join(dir, 'tap.log')
  const t0 = Date.now()
  const running = tap(argv, env, log).then((code) => ({ name, code, seconds: Math.round((Date.now() - t0) / 1000) }))
  return {
    /** Settles when its tap has ended (nothing printed yet). */
    ended: running,
    async done() {
      const result = await running
      console.log(`\n${header}`)
      console.log(`    (ran beside the SQLite pass, in ${result.seconds} s; its output follows)`)
      process.stdout.write(readFileSync(log, 'utf8'))
      return result
    },
  }
}

async function stopAll() {
  stopping ??= (async () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    for (const thing of started.reverse()) {
      try {
        await thing.stop()
      } catch (err) {
        console.error(`could not stop ${thing.name}: ${err.message}`)
      }
    }
  })()
  return stopping
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the tests and the engines they ran on`)
    void stopAll().then(() => process.exit(130))
  })
}

async function main() {
  const env = {}
  const skipped = []
  const off = process.env.QMS_TEST_ENGINES === 'off'
  const pgBin = off ? undefined : findPgBin()
  const redisServer = off ? undefined : findRedis()
  let pgUrl
  if (pgBin) {
    const t0 = Date.now()
    const pgEngine = await startPostgres(pgBin)
    pgUrl = pgEngine.url
    env.QMS_TEST_PG_URL = pgUrl
    console.log(`PostgreSQL (${pgBin}) on port ${pgEngine.port}, template migrated in ${Date.now() - t0} ms.`)
  } else if (!off) skipped.push('PostgreSQL')
  if (redisServer) {
    const redis = await startRedis(redisServer)
    env.QMS_TEST_REDIS_URL = redis.url
    console.log(`Redis on port ${redis.port}.`)
  } else if (!off) skipped.push('Redis')

  const { chosen, left } = neutralFiles()
  if (skipped.length > 0) {
    console.log(
      [
        '',
        `*** ${skipped.join(' and ')} not installed: tests that need ${skipped.length > 1 ? 'them' : 'it'} are SKIPPED. ***`,
        ...(pgBin ? [] : [`    Skipped: the PostgreSQL pass of ${chosen.length} files (${SUITES.join(', ')}).`]),
        '    Tests of several server processes (PostgreSQL with Redis) skip themselves, saying so.',
        `    Install with \`sudo ${INSTALL}\` (Debian/Ubuntu); npm test starts its own throwaway`,
        '    engines on free loopback ports. The SQLite tests still run.',
        '',
      ].join('\n'),
    )
  }

  const only = process.env.QMS_TEST_PASS
  const results = []
  if (only === 'reliability') return reliability(env, pgUrl)
  const everything = only === 'all'
  const asked = (args.length > 0 ? args.flatMap(testFiles) : testFiles('test')).filter((f) => !f.startsWith('test/bench/') && !f.startsWith(`${RELIABILITY}/`))
  const clusterFiles = asked.filter((f) => f.startsWith(`${CLUSTER}/`))
  const firstPass = asked.filter((f) => !f.startsWith(`${CLUSTER}/`))
  const sqlitePass = (only === undefined || everything || only === 'sqlite') && firstPass.length > 0
  const pgPass = pgUrl && chosen.length > 0 && (only === undefined || everything || only === 'postgres')
  const pgHeader = [
    `\n=== PostgreSQL pass: ${chosen.length} dialect-neutral files (each test on its own database)`,
    ...(left.length > 0 ? [`    On SQLite only:\n${left.map((l) => `      ${l}`).join('\n')}`] : []),
  ].join('\n')
  // With QMS_TEST_SIDE_BY_SIDE=postgres, the PostgreSQL pass runs beside the SQLite pass, one file
  // at a time: the SQLite pass (tap jobs 3, its browser tests mostly waiting on their pages) keeps
  // about one of two cores busy for 900 s, and the other has room for the PostgreSQL pass (about
  // 230 s alone at three files at a time). With =lane (.ci/run) the reliability proofs follow it in
  // the same lane, a file at a time, so the machine never runs more than one process beside the
  // SQLite pass. With =1 the reliability proofs run beside it too, from the start. None is the
  // default for `npm test`: on a two-core machine shared with other work, a clean-clone run with
  // both beside, two files at a time each (load average 19), stretched the crash cycles from 109 s
  // to 627 s, past their budget, and timing tests of the realtime suite failed.
  const beside = []
  const sideBySide = sqlitePass ? (process.env.QMS_TEST_SIDE_BY_SIDE ?? '0') : '0'
  const serial = !['1', 'postgres', 'lane'].includes(sideBySide)
  const coverage = process.env.QMS_TEST_COVERAGE === '1' ? [] : ['--disable-coverage']
  const t0 = Date.now()
  let sqliteCode = 0
  if (sqlitePass) console.log(`\n=== SQLite pass: every test but the cluster test (${firstPass.length} files)`)
  if (sqlitePass && !serial) {
    // One quick file alone first: tap rebuilds itself when .taprc's plugins differ from the installed
    // build (after every npm ci), and two taps starting together would both rebuild it, one under the other.
    const quick = firstPass.find((f) => !BROWSER.test(readFileSync(f, 'utf8')) && !DATABASE.test(readFileSync(f, 'utf8'))) ?? firstPass[0]
    firstPass.splice(firstPass.indexOf(quick), 1)
    sqliteCode = await tap([...coverage, quick], { ...env, QMS_TEST_DIALECT: 'sqlite' })
    if (stopping) return 130
  }
  let pgBeside = null
  if (pgPass && !serial) {
    pgBeside = aside('PostgreSQL', pgHeader, ['--disable-coverage', `--jobs=${BESIDE_JOBS}`, ...chosen], { ...env, QMS_TEST_DIALECT: 'postgres' })
    beside.push(pgBeside)
  }
  if (everything) {
    if (sideBySide === '1') beside.push(...reliabilityPasses(env, pgUrl, BESIDE_JOBS))
    // One lane beside the SQLite pass: the PostgreSQL pass, then the reliability proofs, a file at a time.
    else if (sideBySide === 'lane') beside.push(...reliabilityPasses(env, pgUrl, BESIDE_JOBS, pgBeside?.ended ?? Promise.resolve()))
    else beside.push(...reliabilityPasses(env, pgUrl, null))
  }
  if (sqlitePass) {
    // Coverage costs a fifth of the pass's time and gates nothing: only when asked (QMS_TEST_COVERAGE=1).
    // (tap given no file would run every file of .taprc.)
    const code = firstPass.length > 0 ? await tap([...coverage, ...firstPass], { ...env, QMS_TEST_DIALECT: 'sqlite' }) : 0
    if (stopping) return 130
    results.push({ name: 'SQLite', code: sqliteCode || code, seconds: Math.round((Date.now() - t0) / 1000) })
  }
  if (pgPass && serial) {
    const t1 = Date.now()
    console.log(pgHeader)
    // Coverage, when asked for, is the SQLite pass's: the same lines, measured once.
    const code = await tap(['--disable-coverage', ...chosen], { ...env, QMS_TEST_DIALECT: 'postgres' })
    if (stopping) return 130
    results.push({ name: 'PostgreSQL', code, seconds: Math.round((Date.now() - t1) / 1000) })
  }
  for (const pass of beside) {
    results.push(await pass.done())
    if (stopping) return 130
  }
  if (clusterFiles.length > 0 && (only === undefined || everything || only === 'cluster')) {
    const t2 = Date.now()
    console.log('\n=== Cluster pass: several server processes on PostgreSQL and Redis, alone on the machine')
    const code = await tap(['--disable-coverage', ...clusterFiles], { ...env, QMS_TEST_DIALECT: 'sqlite' })
    if (stopping) return 130
    results.push({ name: 'Cluster', code, seconds: Math.round((Date.now() - t2) / 1000) })
  }
  console.log(`\n${results.map((r) => `${r.name} pass ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.seconds} s`).join('; ')}.`)
  return results.find((r) => r.code !== 0)?.code ?? 0
}

/**
 * The reliability proofs as one pass beside the SQLite pass (QMS_TEST_PASS=all): on SQLite, then on
 * PostgreSQL, `jobs` files at a time, printed once done. With jobs null, they run in the foreground.
 */
function reliabilityPasses(env, pgUrl, jobs, after = Promise.resolve()) {
  const files = args.length > 0 ? args.flatMap(testFiles).filter((f) => f.startsWith(`${RELIABILITY}/`)) : testFiles(RELIABILITY)
  const neutral = files.filter((f) => !SQLITE_ONLY.test(readFileSync(f, 'utf8')))
  if (files.length === 0) return []
  if (jobs === null) {
    return [
      {
        async done() {
          const t0 = Date.now()
          const code = await reliability(env, pgUrl)
          return { name: 'Reliability', code, seconds: Math.round((Date.now() - t0) / 1000) }
        },
      },
    ]
  }
  // Once `after` has settled (QMS_TEST_SIDE_BY_SIDE=lane: the PostgreSQL pass, in the same lane).
  const onSqlite = after.then(() =>
    stopping
      ? null
      : aside('Reliability on SQLite', `\n=== Reliability on SQLite (${files.length} files)`, ['--disable-coverage', `--jobs=${jobs}`, ...files], {
          ...env,
          QMS_TEST_DIALECT: 'sqlite',
        }),
  )
  const sqliteDone = { done: async () => (await onSqlite)?.done() ?? { name: 'Reliability on SQLite', code: 130, seconds: 0 } }
  if (!pgUrl || neutral.length === 0) return [sqliteDone]
  // On PostgreSQL once those on SQLite have ended: two long proofs at a time beside the SQLite pass are enough.
  const onPg = onSqlite
    .then((pass) => pass?.ended)
    .then(() =>
      stopping
        ? null
        : aside(
            'Reliability on PostgreSQL',
            `\n=== Reliability on PostgreSQL (${neutral.length} files)`,
            ['--disable-coverage', `--jobs=${jobs}`, ...neutral],
            {
              ...env,
              QMS_TEST_DIALECT: 'postgres',
            },
          ),
    )
  return [sqliteDone, { done: async () => (await onPg)?.done() ?? { name: 'Reliability on PostgreSQL', code: 130, seconds: 0 } }]
}

/** `npm run reliability`: the files of test/reliability (or those named), on SQLite, then on PostgreSQL. */
async function reliability(env, pgUrl) {
  // With QMS_TEST_PASS=all the files named may be of every pass: only test/reliability's here.
  const files = (args.length > 0 ? args.flatMap(testFiles) : testFiles(RELIABILITY)).filter(
    (f) => f.startsWith(`${RELIABILITY}/`) || process.env.QMS_TEST_PASS !== 'all',
  )
  // tap without files would run every test of .taprc instead.
  if (files.length === 0) {
    console.log('No reliability test files.')
    return 0
  }
  const results = []
  const t0 = Date.now()
  console.log(`\n=== Reliability on SQLite (${files.length} files)`)
  const code = await tap(['--disable-coverage', ...files], { ...env, QMS_TEST_DIALECT: 'sqlite' })
  if (stopping) return 130
  results.push({ name: 'Reliability on SQLite', code, seconds: Math.round((Date.now() - t0) / 1000) })
  const neutral = files.filter((f) => !SQLITE_ONLY.test(readFileSync(f, 'utf8')))
  if (pgUrl && neutral.length > 0) {
    const t1 = Date.now()
    console.log(`\n=== Reliability on PostgreSQL (${neutral.length} files)`)
    const code = await tap(['--disable-coverage', ...neutral], { ...env, QMS_TEST_DIALECT: 'postgres' })
    if (stopping) return 130
    results.push({ name: 'Reliability on PostgreSQL', code, seconds: Math.round((Date.now() - t1) / 1000) })
  }
  console.log(`\n${results.map((r) => `${r.name} ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.seconds} s`).join('; ')}.`)
  return results.find((r) => r.code !== 0)?.code ?? 0
}

let code = 1
try {
  code = await main()
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
} finally {
  await stopAll()
}
process.exit(code)
