/**
 * `npm run bench`: the system under the load its users put on it, beside bare baselines measured
 * in the same run, in alternating rounds. Prints a table, writes results.json and RESULTS.md.
 *
 *   npm run bench                 full run (about 15 minutes on the 2-core machine)
 *   npm run bench -- --quick      smoke run with small numbers (about 2 minutes)
 *   npm run bench -- --soak-only  the soak alone, to its full 100,000 tickets (results-soak.json)
 *   npm run bench -- --display-memory-only  the display page's 2000-call memory run alone
 *   npm run bench -- --engines-only  PostgreSQL/2 processes beside SQLite/1 and the baselines, small numbers
 *   npm run bench -- --province      the province day alone (100 sites on PostgreSQL, two processes)
 *   options: --rounds=N  --soak=TICKETS  --soak-minutes=M  --skip-soak  --skip-reports  --skip-display-memory
 *            --profile (CPU profile of the system server, hottest functions in the output)
 *            --render (RESULTS.md again from results.json, with the current FINDINGS.md)
 *            --profile-dir=DIR (keep the .cpuprofile files)  --system-env=KEY=VALUE (diagnostics only)
 *            --out=DIR (where results.json and RESULTS.md go; default test/bench/)
 *            --skip-postgres (no PostgreSQL legs)  --skip-province  --province-seconds=S (per step)
 *
 * Everything runs on 127.0.0.1; every process and temporary file the bench starts is removed at
 * the end, also on Ctrl-C.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileSync } from 'node:child_process'
import { build } from 'esbuild'
import { benchConfig } from './config.js'
import { stopAll, track } from './lib/processes.js'
import { WorkerProcess } from './lib/rpc.js'
import { runLeg, type LegResult } from './leg.js'
import type { Load } from './load.js'
import { runSoak, soakDir, type SoakResult } from './soak.js'
import { runProvinceReports, runReports, type ProvinceReportsResult, type ReportsResult } from './reports.js'
import { figures, markdownTable, textTable } from './summary.js'
import { displayMemoryText, runDisplayMemory, type DisplayMemoryResult } from './display-memory.js'
import { inclusiveOwnFunctions, summariseProfiles, type HotFunction } from './profile.js'
import { startPostgres, startRedis, type Postgres, type Redis } from './lib/services.js'
import { databaseLines, engineFigures, engineMarkdown, engineText, type EngineFigure } from './engines.js'
import { provinceMarkdown, runProvince, type ProvinceResult } from './province.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const args = process.argv.slice(2)
const cfg = benchConfig(args)
/** The long soak alone (100,000 tickets take far longer than the rest): results-soak.json, RESULTS-soak.md. */
const soakOnly = args.includes('--soak-only')
const displayMemoryOnly = args.includes('--display-memory-only')
/** PostgreSQL with two processes beside SQLite with one and the baselines, alone and small. */
const enginesOnly = args.includes('--engines-only')
/** The province day alone. */
const provinceOnly = args.includes('--province')
if (enginesOnly) {
  cfg.rounds = args.some((a) => a.startsWith('--rounds=')) ? cfg.rounds : 2
  cfg.scaleDisplays = cfg.quick ? [30] : [30, 100]
  cfg.scenarioDisplays = [30]
  cfg.sequentialCalls = 30
}
if (soakOnly && !args.some((a) => a.startsWith('--soak-minutes='))) cfg.soak.timeCapMs = 90 * 60_000
const outName = soakOnly
  ? { json: 'results-soak.json', md: 'RESULTS-soak.md' }
  : enginesOnly
    ? { json: 'results-engines.json', md: 'RESULTS-engines.md' }
    : provinceOnly
      ? { json: 'results-province.json', md: 'RESULTS-province.md' }
      : { json: 'results.json', md: 'RESULTS.md' }
const outDir = resolve(args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? here)
/**
 * `--system-env=KEY=VALUE` (repeatable) adds to the system server's environment: for finding out
 * why a target is missed (e.g. a malloc setting), never for the committed run. Recorded in the results.
 */
const systemEnv = Object.fromEntries(
  args
    .filter((a) => a.startsWith('--system-env='))
    .map((a) => {
      const [key, ...value] = a.slice('--system-env='.length).split('=')
      return [key as string, value.join('=')]
    }),
)
const started = Date.now()
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`)

const tmp = mkdtempSync(join(tmpdir(), 'qms-bench-'))
const builtDir = join(root, 'dist', 'bench')
const dirs = [tmp, builtDir]
/** The PostgreSQL cluster and Redis, once started: stopped by their pid in `cleanUp`. */
let services: { postgres: Postgres | null; redis: Redis | null } = { postgres: null, redis: null }

async function cleanUp(): Promise<void> {
  await stopAll()
  services.postgres?.stop()
  services.redis?.stop()
  services = { postgres: null, redis: null }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every bench process and removing temporary files`)
    void cleanUp().finally(() => process.exit(130))
  })
}

/** The baseline and the load processes run with plain node, like the system: built first. */
async function buildBench(): Promise<void> {
  await build({
    entryPoints: {
      'baseline-server': join(here, 'baseline-server.ts'),
      'display-worker': join(here, 'workers', 'display-worker.ts'),
      'kiosk-worker': join(here, 'workers', 'kiosk-worker.ts'),
      'counter-worker': join(here, 'workers', 'counter-worker.ts'),
      'province-worker': join(here, 'workers', 'province-worker.ts'),
    },
    outdir: builtDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
}

function startLoad(): Load {
  const maxDisplays = Math.max(...cfg.scaleDisplays, ...cfg.scenarioDisplays, cfg.soak.displays)
  const processes = Math.ceil(maxDisplays / cfg.displaysPerProcess)
  return {
    displays: Array.from({ length: processes }, (_, i) => WorkerProcess.start(`displays-${i + 1}`, join(builtDir, 'display-worker.js'), track)),
    kiosks: WorkerProcess.start('kiosks', join(builtDir, 'kiosk-worker.js'), track),
    counters: WorkerProcess.start('counters', join(builtDir, 'counter-worker.js'), track),
  }
}

/** Which code was measured: the commit, and whether server or shared code had uncommitted changes. */
function measuredCode(): { commit: string; uncommittedServerChanges: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'shared'], { cwd: root, encoding: 'utf8' }).trim() !== ''
    return { commit, uncommittedServerChanges: dirty }
  } catch {
    return { commit: 'unknown', uncommittedServerChanges: true }
  }
}

interface Results {
  code?: { commit: string; uncommittedServerChanges: boolean }
  startedAt: string
  durationS: number
  mode: 'quick' | 'full' | 'engines-only' | 'province'
  machine: { cpus: number; model: string; node: string; loadAvgStart: number[]; loadAvgEnd: number[] }
  config: typeof cfg
  figures: ReturnType<typeof figures>
  soak: SoakResult | { skipped: string }
  reports: ReportsResult
  provinceReports?: ProvinceReportsResult
  displayMemory?: DisplayMemoryResult
  profile?: HotFunction[]
  profileOwnInclusive?: HotFunction[]
  systemEnv?: Record<string, string>
  legs: LegResult[]
  /** PostgreSQL with two processes beside SQLite with one and the baselines; or why not. */
  engines?: EngineFigure[] | { skipped: string }
  province?: ProvinceResult | { skipped: string }
}

const loadAvgAtStart = loadavg()

async function main(): Promise<void> {
  const loadAvgStart = loadAvgAtStart
  if (displayMemoryOnly) {
    const result = await runDisplayMemory({ calls: cfg.quick ? [100, 400] : [500, 2000], log })
    console.log('\n' + displayMemoryText(result))
    return
  }
  log(
    `bench ${cfg.quick ? 'quick' : 'full'}${soakOnly ? ' (soak only)' : ''}: ${soakOnly ? 0 : cfg.rounds} rounds, displays ${cfg.scaleDisplays.join('/')} (scale) and ${cfg.scenarioDisplays.join('/')} (scenario); temp ${tmp}`,
  )
  await buildBench()
  const wantPostgres = !soakOnly && !args.includes('--skip-postgres')
  let pgSkipped = ''
  if (wantPostgres) {
    services.postgres = await startPostgres(log)
    services.redis = services.postgres ? await startRedis(log) : null
    if (!services.postgres) pgSkipped = 'no PostgreSQL (see the log)'
    else if (!services.redis) pgSkipped = 'no Redis (see the log)'
  } else pgSkipped = soakOnly ? '--soak-only' : '--skip-postgres'
  const pgServices = services.postgres && services.redis ? { postgres: services.postgres, redis: services.redis } : undefined
  if (provinceOnly) {
    const province: ProvinceResult | { skipped: string } = pgServices
      ? await runProvince({ root, tmp, builtDir, quick: cfg.quick, args, services: pgServices, log })
      : { skipped: pgSkipped }
    writeOnly({ province }, 'province')
    return
  }
  const load = startLoad()
  const keptProfiles = args.find((a) => a.startsWith('--profile-dir='))?.slice('--profile-dir='.length)
  const profileDir = keptProfiles ? resolve(keptProfiles) : args.includes('--profile') ? join(tmp, 'profiles') : undefined
  if (profileDir) mkdirSync(profileDir, { recursive: true })

  const legs: LegResult[] = []
  for (let r = 1; r <= (soakOnly ? 0 : cfg.rounds); r++) {
    for (const kind of ['baseline', 'system', 'postgres'] as const) {
      if (kind === 'postgres' && !pgServices) continue
      legs.push(await runLeg(kind, r, { root, tmp, cfg, load, profileDir, systemEnv, services: pgServices, log }))
    }
  }
  const engines: EngineFigure[] | { skipped: string } = pgServices ? engineFigures(legs, cfg) : { skipped: pgSkipped }
  if (enginesOnly) {
    await Promise.all([...load.displays, load.kiosks, load.counters].map((w) => w.stop()))
    writeOnly({ engines, legs }, 'engines-only')
    return
  }

  let soak: SoakResult | { skipped: string } = { skipped: '--skip-soak' }
  if (!args.includes('--skip-soak')) {
    const dir = soakDir(tmp)
    if (dir !== tmp) dirs.push(dir)
    log(`soak: ${cfg.soak.tickets} tickets with ${cfg.soak.displays} displays, database in ${dir}`)
    soak = await runSoak({ root, dir, cfg, load, log })
    log(`soak: RSS ${soak.rssStartMb} → ${soak.rssEndMb} MB (peak ${soak.rssPeakMb}), growth ${soak.growthMb} MB, ${soak.ticketsPerSecond} tickets/s`)
  }
  await Promise.all([...load.displays, load.kiosks, load.counters].map((w) => w.stop()))

  let reports: ReportsResult = { skipped: '--skip-reports' }
  let province: ProvinceResult | { skipped: string } = { skipped: pgSkipped || '--skip-province' }
  if (pgServices && !args.includes('--skip-province')) {
    log('province day: 100 sites on PostgreSQL, two processes')
    province = await runProvince({ root, tmp, builtDir, quick: cfg.quick, args, services: pgServices, log })
  }

  if (soakOnly) reports = { skipped: '--soak-only' }
  else if (!args.includes('--skip-reports')) {
    log(`reports: ${cfg.reports.tickets} tickets over ${cfg.reports.days} days`)
    reports = await runReports({ root, tmp, cfg, log })
  }
  let provinceReports: ProvinceReportsResult = { skipped: '--skip-reports' }
  if (soakOnly) provinceReports = { skipped: '--soak-only' }
  else if (!args.includes('--skip-reports')) {
    log(`province report: ${cfg.provinceReports.centres} centres over ${cfg.provinceReports.days} days`)
    provinceReports = await runProvinceReports({ root, tmp, cfg, log })
  }

  let displayMemory: DisplayMemoryResult = { skipped: '--skip-display-memory' }
  if (soakOnly) displayMemory = { skipped: '--soak-only' }
  else if (!args.includes('--skip-display-memory')) {
    log('display memory: one display page in Chromium through the calls of a long day')
    displayMemory = await runDisplayMemory({ calls: cfg.quick ? [100, 400] : [500, 2000], log })
  }

  const figs = legs.length > 0 ? figures(legs, cfg) : []
  const results: Results = {
    code: measuredCode(),
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    mode: cfg.quick ? 'quick' : 'full',
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version, loadAvgStart, loadAvgEnd: loadavg() },
    config: cfg,
    figures: figs,
    soak,
    reports,
    provinceReports,
    displayMemory,
    legs,
    engines,
    province,
  }
  if (Object.keys(systemEnv).length > 0) results.systemEnv = systemEnv
  if (profileDir) {
    results.profile = summariseProfiles(profileDir, 30)
    results.profileOwnInclusive = inclusiveOwnFunctions(profileDir, 30)
  }

  console.log('\n' + textTable(figs))
  console.log('\n' + enginesSection(engines, legs).join('\n'))
  console.log('\n' + provinceSection(province).join('\n'))
  console.log('\n' + soakText(soak))
  console.log(reportsText(reports))
  console.log(provinceReportsText(provinceReports))
  console.log(displayMemoryText(displayMemory))
  if (results.profile)
    console.log(
      '\nHottest functions in the system server (self time):\n' + results.profile.map((h) => `  ${h.selfPct.toFixed(1)}%  ${h.name}  ${h.where}`).join('\n'),
    )

  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, outName.json), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(outDir, outName.md), resultsMarkdown(results))
  log(`wrote ${join(outDir, outName.json)} and ${outName.md}`)
}

function enginesSection(engines: EngineFigure[] | { skipped: string }, legs: LegResult[]): string[] {
  const head = '## PostgreSQL with two processes beside SQLite with one'
  if ('skipped' in engines) return [head, '', `Skipped: ${engines.skipped}.`, '']
  return [
    head,
    '',
    'Each round runs the baseline, the system on SQLite (one process) and the system on PostgreSQL (two processes on one database, ' +
      'Socket.IO rooms through Redis; kiosks and counters alternate between the processes, displays are split). RSS and CPU of the ' +
      'PostgreSQL legs are the sum of both node processes; the database server’s own CPU and memory are not in them. ' +
      'Target: PostgreSQL/2 within 1.5× of SQLite/1.',
    '',
    engineMarkdown(engines),
    '',
    'What PostgreSQL did during the bursts (pg_stat_statements, pg_stat_database, pg_stat_activity sampled every 20 ms, /proc of its processes):',
    '',
    ...databaseLines(legs),
    '',
  ]
}

function provinceSection(province: ProvinceResult | { skipped: string }): string[] {
  const head = '## Province day'
  if ('skipped' in province) return [head, '', `Skipped: ${province.skipped}.`, '']
  return [head, '', provinceMarkdown(province), '']
}

/** `--engines-only` and `--province`: their own results file, nothing else measured. */
function writeOnly(part: Pick<Results, 'engines' | 'province'> & { legs?: LegResult[] }, mode: Results['mode']): void {
  const header = {
    code: measuredCode(),
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    mode,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version, loadAvgStart: loadAvgAtStart, loadAvgEnd: loadavg() },
  }
  const lines = [
    `# Benchmark results: ${mode === 'province' ? 'the province day' : 'PostgreSQL beside SQLite'}`,
    '',
    `Written by \`npm run bench -- --${mode}${cfg.quick ? ' --quick' : ''}\` on ${header.startedAt} (${header.durationS} s), measuring commit ${header.code.commit}` +
      `${header.code.uncommittedServerChanges ? ' with uncommitted changes in server/ or shared/' : ''}. ` +
      `Machine: ${header.machine.cpus} × ${header.machine.model}, Node ${header.machine.node}, load average ${header.machine.loadAvgStart.map((v) => v.toFixed(1)).join(' ')} at the start ` +
      `and ${header.machine.loadAvgEnd.map((v) => v.toFixed(1)).join(' ')} at the end (the machine is shared: absolute times are noise; ratios and CPU per command count).`,
    '',
    ...(part.engines ? enginesSection(part.engines, part.legs ?? []) : []),
    ...(part.province ? provinceSection(part.province) : []),
  ]
  console.log(
    '\n' + (part.engines && !('skipped' in part.engines) ? [engineText(part.engines), ...databaseLines(part.legs ?? [])].join('\n') : lines.join('\n')),
  )
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, outName.json), JSON.stringify({ ...header, config: cfg, ...part }, null, 2) + '\n')
  writeFileSync(join(outDir, outName.md), lines.join('\n'))
  log(`wrote ${join(outDir, outName.json)} and ${outName.md}`)
}

function soakText(soak: SoakResult | { skipped: string }): string {
  if ('skipped' in soak) return `Soak: skipped (${soak.skipped})`
  const verdict =
    soak.growthMb >= 10 ? 'MISSED' : soak.cappedOut ? `under 10 MB so far, but not judged: stopped at the time cap before ${soak.targetTickets} tickets` : 'met'
  return (
    `Soak: ${soak.tickets} of ${soak.targetTickets} tickets issued, ${soak.finished} called, started and finished in ${soak.durationS} s (${soak.ticketsPerSecond}/s), ${soak.displays} displays${soak.cappedOut ? ' (stopped at the time cap)' : ''}\n` +
    `  server RSS start ${soak.rssStartMb} MB, end ${soak.rssEndMb} MB, peak ${soak.rssPeakMb} MB, growth ${soak.growthMb} MB (target < 10 MB: ${verdict})\n` +
    `  at each tenth of the soak: RSS ${soak.rssTrendMb.join(', ')} MB; tickets/s ${soak.rateTrend.join(', ')}`
  )
}

function reportsText(r: ReportsResult): string {
  if ('skipped' in r) return `Reports: skipped (${r.skipped})`
  const lines = r.queries.map(
    (q) =>
      `  ${q.name.padEnd(32)} first ${q.firstMs.toFixed(1).padStart(7)} ms, warm median ${q.medianMs.toFixed(1).padStart(7)} ms, max ${q.maxMs.toFixed(1).padStart(7)} ms (CPU ${q.maxCpuMs.toFixed(1).padStart(6)} ms)  ${q.maxMs < 300 ? 'met' : 'MISSED'}`,
  )
  return `Reports on ${r.tickets} tickets (${r.days} days, generated in ${r.generateS} s), target < 300 ms each:\n${lines.join('\n')}`
}

function provinceReportsText(r: ProvinceReportsResult): string {
  if ('skipped' in r) return `Province report: skipped (${r.skipped})`
  const lines = r.queries.map(
    (q) =>
      `  ${q.name.padEnd(38)} first ${q.firstMs.toFixed(1).padStart(8)} ms, after a restart ${q.afterStartUpMs.toFixed(1).padStart(7)} ms (CPU ${q.afterStartUpCpuMs.toFixed(1).padStart(7)} ms; start-up ${q.startUpMs.toFixed(0)} ms), before the start-up ${q.restartMs.toFixed(1).padStart(7)} ms (CPU ${q.restartCpuMs.toFixed(1).padStart(7)} ms), warm median ${q.medianMs.toFixed(1).padStart(7)} ms, warm max ${q.maxWarmMs.toFixed(1).padStart(7)} ms (CPU ${q.maxCpuMs.toFixed(1).padStart(7)} ms)  ${q.maxWarmMs < 300 && q.afterStartUpMs < 300 ? 'met' : 'MISSED'}`,
  )
  return [
    `Province report: ${r.centres} centres, ${r.tickets} tickets (${r.days} days, generated in ${r.generateS} s), target < 300 ms after a restart and warm`,
    '("first": every day summarized from its tickets, once in a system\'s life; a running server summarizes each day as it ends;',
    '"after a restart": a new process, once its start-up has read the kept summaries, as the server does; "before the start-up": asked the moment the file is open):',
    ...lines,
  ].join('\n')
}

function resultsMarkdown(r: Results): string {
  const findings = join(here, 'FINDINGS.md')
  return [
    `# Benchmark results`,
    '',
    `Written by \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}${r.figures.length === 0 ? ' -- --soak-only' : ''}\` on ${r.startedAt} (${r.durationS} s)` +
      (r.code ? `, measuring commit ${r.code.commit}${r.code.uncommittedServerChanges ? ' with uncommitted changes in server/ or shared/' : ''}. ` : '. ') +
      `Machine: ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}, load average ${r.machine.loadAvgStart.map((v) => v.toFixed(1)).join(' ')} at the start ` +
      `and ${r.machine.loadAvgEnd.map((v) => v.toFixed(1)).join(' ')} at the end (the machine is shared: absolute times are noise, ratios count).`,
    '',
    ...(r.figures.length === 0
      ? ['The soak alone (`--soak-only`): no rounds, no baselines. How it is measured: [README.md](README.md).', '']
      : [
          `${r.config.rounds} alternating rounds (baseline, system, …); each figure is the median over rounds, the ratio the median of the per-round ratios. ` +
            `How each figure is measured and how the baselines are built: [README.md](README.md).`,
          '',
          markdownTable(r.figures),
          '',
        ]),
    ...(r.engines ? enginesSection(r.engines, r.legs) : []),
    ...(r.province ? provinceSection(r.province) : []),
    '## Soak',
    '',
    '```',
    soakText(r.soak),
    '```',
    '',
    '## Reports',
    '',
    '```',
    reportsText(r.reports),
    '```',
    '',
    ...(r.provinceReports ? ['## Province report', '', '```', provinceReportsText(r.provinceReports), '```', ''] : []),
    ...(r.displayMemory ? ['## Display memory', '', '```', displayMemoryText(r.displayMemory), '```', ''] : []),
    ...(r.systemEnv ? [`**Diagnostic run**: the system server had extra environment ${JSON.stringify(r.systemEnv)}.`, ''] : []),
    ...(r.profile
      ? [
          '## Hottest functions in the system server (self time, whole run)',
          '',
          ...r.profile.map((h) => `- ${h.selfPct.toFixed(1)}% \`${h.name}\` ${h.where}`),
          '',
        ]
      : []),
    ...(r.profileOwnInclusive
      ? ["## The server's own functions by inclusive time", '', ...r.profileOwnInclusive.map((h) => `- ${h.selfPct.toFixed(1)}% \`${h.name}\` ${h.where}`), '']
      : []),
    ...(existsSync(findings) ? [readFileSync(findings, 'utf8').trim(), ''] : []),
  ].join('\n')
}

/** `--render`: writes RESULTS.md again from results.json (e.g. after FINDINGS.md changed), measuring nothing. */
function render(): void {
  const results = JSON.parse(readFileSync(join(outDir, outName.json), 'utf8')) as Results
  writeFileSync(join(outDir, outName.md), resultsMarkdown(results))
  log(`rendered ${join(outDir, outName.md)} from ${outName.json}`)
}

try {
  if (args.includes('--render')) render()
  else await main()
} catch (err) {
  console.error(err)
  process.exitCode = 1
} finally {
  await cleanUp()
  // After a failed leg a request of the load may still be pending with its timer: every process and
  // file is gone by now, so end rather than wait for it.
  process.exit()
}
