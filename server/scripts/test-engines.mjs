#!/usr/bin/env node
/**
 * Runs the tests (`npm test`) around throwaway engines: where this machine has PostgreSQL and
 * Redis installed, it starts one PostgreSQL cluster and one Redis on free loopback ports, migrates
 * a template database once, and runs the test files (test-runner.mjs: each file in a process of
 * its own, many at a time, longest first, in one queue for every pass) in these passes:
 *   - SQLite: every test, each on its own SQLite file, browser tests included;
 *   - PostgreSQL: the dialect-neutral suites (SUITES below, less browser tests, files marked
 *     `// SQLite only: …` and files that open no database) again with QMS_TEST_DIALECT=postgres,
 *     each test on its own database copied from the template;
 *   - Cluster: test/cluster (several server processes on PostgreSQL and Redis, ten thousand calls);
 *   - Reliability on SQLite and on PostgreSQL: test/reliability (crash cycles, fuzzing, storage
 *     faults), only with QMS_TEST_PASS=reliability (`npm run reliability`) or =all (`.ci/run`).
 * Every file sees QMS_TEST_PG_URL and QMS_TEST_REDIS_URL (for tests of several server processes).
 * Whatever it started it stops, by pid, when the tests end, fail or are interrupted.
 *
 * Where an engine is missing it says so plainly, with the apt-get line, and runs the rest.
 * Arguments are test files for every pass they belong to (`npm test -- test/api/commands.test.ts`).
 * QMS_TEST_ENGINES=off runs without starting anything (tests that need an engine skip themselves);
 * QMS_TEST_PASS=sqlite, postgres, cluster or reliability runs that pass only; =all every pass.
 * QMS_TEST_JOBS (6) files at most at a time, QMS_TEST_CORES (the machine's cores) of processor time
 * they are known to use (test/durations.json, rewritten with QMS_TEST_DURATIONS=write);
 * QMS_TEST_VERBOSE=1 prints every file's output, not only the failing ones'.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BUILD_DIR, compileTests, DURATIONS, readDurations, runFiles, summarize, writeDurations } from './test-runner.mjs'

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

/** Two server processes, PostgreSQL, Redis and nginx: the longest file, with the most processor time. */
const CLUSTER = 'test/cluster'
/**
 * The long proofs of issue 15 (crash cycles, fuzzing, storage faults): not in `npm test`, but in
 * `npm run reliability` (QMS_TEST_PASS=reliability) and `.ci/run` (=all): on SQLite, then on
 * PostgreSQL for the files that are not `// SQLite only:`.
 */
const RELIABILITY = 'test/reliability'

const INSTALL = 'apt-get install -y postgresql redis-server'
/** How long starting an engine may take: initdb alone takes 30 s on a loaded two-core machine. */
const BOUND_MS = 180_000

const args = process.argv.slice(2)
const started = [] // { name, stop(): Promise<void> } in start order; stopped in reverse
const children = new Set() // the test processes running now
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

// ─── Chromium ────────────────────────────────────────────────────────────────────────────────

/**
 * One Chromium for every browser test of the run (test/helpers/browser.ts connects to it): a launch
 * is about 2 s of processor time, and forty-odd files each launched their own. Returns its
 * address, or undefined where no browser test runs or Chromium is not installed (they skip).
 */
async function startBrowser(items, entry) {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p))
  if (!executablePath || !items.some((i) => BROWSER.test(readFileSync(i.file, 'utf8')))) return undefined
  const { chromium } = await import('playwright-core')
  // The same arguments as a file's own launch, from the compiled tests (compileTests ran first).
  const { CHROMIUM_ARGS } = await import(pathToFileURL(join(root, entry('test/helpers/chromium-args.ts'))).href)
  const server = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS })
  started.push({ name: `Chromium (pid ${server.process().pid})`, stop: () => server.close() })
  return server.wsEndpoint()
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

  // ─── which files, in which passes ───
  const only = process.env.QMS_TEST_PASS
  const everything = only === 'all'
  const wants = (pass) => (only === undefined ? pass !== 'reliability' : everything || only === pass)
  const asked = args.length > 0 ? args.flatMap(testFiles) : testFiles('test')
  const inDir = (f, dir) => f.startsWith(`${dir}/`)
  const onSqlite = { ...env, QMS_TEST_DIALECT: 'sqlite' }
  const onPg = { ...env, QMS_TEST_DIALECT: 'postgres' }
  const items = []
  const add = (pass, files, passEnv) => items.push(...files.map((file) => ({ file, pass, env: passEnv })))
  if (wants('sqlite'))
    add(
      'SQLite',
      asked.filter((f) => !inDir(f, 'test/bench') && !inDir(f, CLUSTER) && !inDir(f, RELIABILITY)),
      onSqlite,
    )
  if (wants('postgres') && pgUrl) add('PostgreSQL', chosen, onPg)
  if (wants('reliability')) {
    // `npm run reliability -- FILE` names a file of test/reliability; with QMS_TEST_PASS=all, files of every pass.
    const files = asked.filter((f) => inDir(f, RELIABILITY) || (only === 'reliability' && args.length > 0))
    add('Reliability on SQLite', files, onSqlite)
    if (pgUrl)
      add(
        'Reliability on PostgreSQL',
        files.filter((f) => !SQLITE_ONLY.test(readFileSync(f, 'utf8'))),
        onPg,
      )
  }
  // Alone, last: two servers, PostgreSQL, Redis and nginx under ten thousand calls fill the machine,
  // and beside other files its calls slowed past its bounds (measured: see the commit).
  if (wants('cluster')) items.push(...asked.filter((f) => inDir(f, CLUSTER)).map((file) => ({ file, pass: 'Cluster', env: onSqlite, alone: true })))
  if (items.length === 0) {
    console.log('No test files to run.')
    return 0
  }

  if (items.some((i) => i.pass === 'PostgreSQL') && left.length > 0) {
    console.log(`\nOn SQLite only (not in the PostgreSQL pass):\n${left.map((l) => `  ${l}`).join('\n')}`)
  }
  const durationsPath = DURATIONS(root)
  const durations = readDurations(durationsPath)
  const jobs = Number(process.env.QMS_TEST_JOBS ?? 6)
  const cores = Number(process.env.QMS_TEST_CORES ?? availableParallelism())
  const passes = [...new Set(items.map((i) => i.pass))]
  console.log(
    `\n=== ${items.length} test files (${passes.map((p) => `${p} ${items.filter((i) => i.pass === p).length}`).join(', ')}), ` +
      `up to ${jobs} at a time within ${cores} cores, longest first\n`,
  )
  const t0 = Date.now()
  const entry = await compileTests(root)
  console.log(`Compiled the TypeScript to ${BUILD_DIR}/ in ${Date.now() - t0} ms.\n`)
  const browser = await startBrowser(items, entry)
  if (browser) for (const item of items) item.env = { ...item.env, QMS_TEST_BROWSER_WS: browser }
  const results = await runFiles(items, {
    root,
    jobs,
    cores,
    durations,
    argv: () => ['--enable-source-maps', `--import=${pathToFileURL(join(root, 'server', 'scripts', 'test-cpu.mjs'))}`],
    entry,
    children,
    stopped: () => stopping !== null,
    verbose: process.env.QMS_TEST_VERBOSE === '1',
  })
  if (stopping) return 130
  if (process.env.QMS_TEST_DURATIONS === 'write') {
    writeDurations(durationsPath, results)
    console.log(`\nWrote the times of ${results.length} files to ${relative(root, durationsPath)}.`)
  }
  const summary = summarize(results)
  const failed = summary.flatMap((p) => p.failed.map((f) => `[${p.name}] ${f}`))
  console.log(`\n=== ${Math.round((Date.now() - t0) / 1000)} s in all`)
  for (const p of summary) {
    console.log(
      `${p.name}: ${p.failed.length === 0 ? 'passed' : `${p.failed.length} FAILED`}, ${p.files} files, ${p.checks} checks` +
        `${p.skipped > 0 ? ` (${p.skipped} skipped)` : ''}, ${Math.round(p.fileSeconds)} s of files`,
    )
  }
  if (failed.length > 0) console.log(`\nFailed:\n${failed.map((f) => `  ${f}`).join('\n')}`)
  return failed.length > 0 || results.length < items.length ? 1 : 0
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
