/**
 * Runs test files, each in a node process of its own, many at a time, for `npm test`
 * (test-engines.mjs). Each file is a tap test file run as node runs it (`node file.test.ts`, tap's
 * own `t` printing TAP and setting the exit code): tap's runner is not used, because it loads two
 * module hooks into every test process (its process-info and mock loaders, on Node 20 each in a
 * hook thread every import goes through), about a second and a half of processor time per file,
 * two hundred times a run. `npx tap FILE` still runs any file by hand.
 *
 * Scheduling: the files of every pass go into one queue, longest first (by the times of an earlier
 * run, kept in test/durations.json; `QMS_TEST_DURATIONS=write` rewrites it), and start while fewer
 * than `jobs` run and the processor time they are known to use fits the machine's cores: most
 * test files mostly wait (on a page, a timer, another process), a few keep a core or two busy.
 *
 * The TypeScript is compiled once before the run (compileTests: esbuild, what tsx does per
 * process) into .test-build/, and each file runs as JavaScript with no module hook at all: tsx's
 * hook thread cost every test process about a second of processor time on the imports alone.
 *
 * Output: a line per file as it ends; a failing file's whole output (or every file's, with
 * QMS_TEST_VERBOSE=1); a summary per pass at the end.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'

/** The hard bound of one file (tap's own per-file timeout, TAP_TIMEOUT, is 300 s unless the file sets its own). */
const FILE_BOUND_MS = 1_500_000
/** What a file not in durations.json is taken to need: about the median test file. */
const UNKNOWN = { wall: 15, cpu: 6 }
/**
 * A file that used this much processor time keeps a core busy while it runs (the crash cycles, the
 * fuzzing): it counts as a whole core, and only one runs at a time. Its share measured in a busy run
 * is no guide: starved, the fuzzing used a fifth of a core over 194 s, and two side by side passed
 * tap's 300 s bound.
 */
const HEAVY_CPU_SECONDS = 30

/**
 * @typedef {{ file: string, pass: string, env: Record<string, string>, alone?: boolean }} Item
 * @typedef {{ item: Item, code: number, seconds: number, cpu: number, total: number, pass: number, fail: number, skip: number, todo: number }} Result
 */

/** Where compileTests puts the JavaScript, mirroring the project's folders (so relative imports hold). */
export const BUILD_DIR = '.test-build'
/** The folders whose TypeScript tests run or import. */
const SOURCES = ['server', 'shared', 'kiosk', 'display', 'counter', 'test']

/**
 * Compiles every .ts file of SOURCES to .test-build/ (ES modules for Node 20, with source maps, so
 * that stack traces and tap's failure reports point into the .ts files), as tsx would one by one.
 * Returns the path to run for a test file.
 */
export async function compileTests(root) {
  const { build } = await import('esbuild')
  const out = join(root, BUILD_DIR)
  rmSync(out, { recursive: true, force: true })
  const entryPoints = SOURCES.flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.split('/').includes('node_modules'))
          .map((f) => join(dir, f))
      : [],
  )
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: out,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  })
  return (file) => join(BUILD_DIR, file.replace(/\.ts$/, '.js'))
}

/** The times of an earlier run by pass and file: `{ "SQLite test/x.test.ts": [wallSeconds, cpuSeconds] }`. */
export function readDurations(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
  } catch {
    return {}
  }
}

/** Processor seconds the file's process used, with its children's, as test-cpu.mjs printed them (0 where it could not). */
function cpuOf(output) {
  return Number(output.match(/^# test-runner cpu: ([\d.]+)$/m)?.[1] ?? 0)
}

/** tap's last line, `# { total: 12, pass: 11, fail: 1, skip: 0 }`, as numbers (zeros where it is absent). */
function counts(output) {
  const line = output.match(/^# \{ total: \d+[^\n]*\}$/gm)?.pop() ?? ''
  const n = (name) => Number(line.match(new RegExp(`${name}: (\\d+)`))?.[1] ?? 0)
  return { total: n('total'), pass: n('pass'), fail: n('fail'), skip: n('skip'), todo: n('todo') }
}

/**
 * Runs `items` and resolves with their results once every one has ended (or `stopped()` says to
 * start no more). `argv(item)` is the node arguments for one file.
 * @param {Item[]} items
 * @param {{ root: string, jobs: number, cores?: number, durations: Record<string, [number, number]>, argv: (item: Item) => string[], entry?: (file: string) => string, children: Set<import('node:child_process').ChildProcess>, stopped: () => boolean, verbose?: boolean, log?: (line: string) => void }} opts
 * @returns {Promise<Result[]>}
 */
export function runFiles(items, opts) {
  const cores = opts.cores ?? availableParallelism()
  const known = (item) => {
    const [wall, cpu] = opts.durations[`${item.pass} ${item.file}`] ?? [UNKNOWN.wall, UNKNOWN.cpu]
    const heavy = cpu >= HEAVY_CPU_SECONDS && !item.alone
    return { wall, heavy, share: heavy ? 1 : Math.min(cores, Math.max(0.1, cpu / Math.max(wall, 1))) }
  }
  // Files that run alone (item.alone) come last, once everything else has ended.
  const queue = items.map((item) => ({ item, ...known(item) })).sort((a, b) => Number(!!a.item.alone) - Number(!!b.item.alone) || b.wall - a.wall)
  const results = []
  let load = 0
  let running = 0
  let alone = false
  let heavy = false
  const t0 = Date.now()
  let number = 0
  return new Promise((resolve) => {
    const next = () => {
      while (!opts.stopped() && !alone && running < opts.jobs && queue.length > 0) {
        // The longest that fits the cores left; with nothing running, the longest of all. A file
        // that runs alone starts only with nothing running, and nothing starts beside it.
        const at = running === 0 ? 0 : queue.findIndex((q) => !q.item.alone && !(q.heavy && heavy) && load + q.share <= cores)
        if (at < 0) break
        const [q] = queue.splice(at, 1)
        if (q.item.alone) alone = true
        if (q.heavy) heavy = true
        running++
        load += q.share
        void runOne(q.item, opts).then((result) => {
          running--
          load -= q.share
          if (q.item.alone) alone = false
          if (q.heavy) heavy = false
          results.push(result)
          report(result, ++number, items.length, (Date.now() - t0) / 1000, opts.verbose, opts.log ?? console.log)
          next()
        })
      }
      if (running === 0 && (queue.length === 0 || opts.stopped())) resolve(results)
    }
    next()
  })
}

/** @returns {Promise<Result>} */
function runOne(item, opts) {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const chunks = []
    let size = 0
    // Its own process group, so that a timeout or an interruption ends it and whatever it started.
    const child = spawn(process.execPath, [...opts.argv(item), opts.entry?.(item.file) ?? item.file], {
      cwd: opts.root,
      env: { ...process.env, TAP_TIMEOUT: '300', ...item.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    opts.children.add(child)
    const keep = (chunk) => {
      // A runaway file's output is kept to its first 20 MB.
      if (size < 20_000_000) chunks.push(chunk)
      size += chunk.length
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const bound = setTimeout(() => {
      keep(Buffer.from(`\n# test-runner: ${item.file} still running after ${FILE_BOUND_MS / 1000} s: stopped\n`))
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }, FILE_BOUND_MS)
    child.once('error', (err) => keep(Buffer.from(`\n# test-runner: ${err.message}\n`)))
    child.once('close', (code, signal) => {
      clearTimeout(bound)
      opts.children.delete(child)
      const output = Buffer.concat(chunks).toString('utf8')
      const seconds = (Date.now() - t0) / 1000
      resolve({ item, code: code ?? (signal ? 1 : 0), seconds, cpu: cpuOf(output), output, ...counts(output) })
    })
  })
}

function report(r, number, of, at, verbose, log) {
  const ok = r.code === 0
  const extra = [r.skip > 0 ? `${r.skip} skipped` : '', r.todo > 0 ? `${r.todo} todo` : ''].filter(Boolean).join(', ')
  log(
    `${ok ? 'ok' : 'not ok'} ${number}/${of} - [${r.item.pass}] ${r.item.file} # ${r.pass}/${r.total} in ${r.seconds.toFixed(1)} s (${r.cpu.toFixed(1)} s CPU), ended at ${Math.round(at)} s${extra ? `; ${extra}` : ''}`,
  )
  if (!ok || verbose) {
    log(
      r.output
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n'),
    )
    if (!ok) log(`    # exit code ${r.code}`)
  }
}

/** Per pass: files, failures, checks, and the wall time from its first file's start to its last one's end. */
export function summarize(results) {
  const passes = new Map()
  for (const r of results) {
    const p = passes.get(r.item.pass) ?? { name: r.item.pass, files: 0, failed: [], checks: 0, skipped: 0, fileSeconds: 0 }
    p.files++
    p.checks += r.total
    p.skipped += r.skip
    p.fileSeconds += r.seconds
    if (r.code !== 0) p.failed.push(r.item.file)
    passes.set(r.item.pass, p)
  }
  return [...passes.values()]
}

/** Writes the wall and processor seconds of this run's files, for the next run's order (QMS_TEST_DURATIONS=write). */
export function writeDurations(path, results) {
  const durations = readDurations(path)
  for (const r of results) {
    if (r.code !== 0) continue
    durations[`${r.item.pass} ${r.item.file}`] = [Math.round(r.seconds * 10) / 10, Math.round(r.cpu * 10) / 10]
  }
  const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)))
  writeFileSync(path, `${JSON.stringify(sorted, null, 0).replace(/\],"/g, '],\n"').replace(/^\{/, '{\n').replace(/\}$/, '\n}')}\n`)
}

export const DURATIONS = (root) => join(root, 'test', 'durations.json')
