/**
 * Report query times on a year of data. Runs in its own process (the report code is TypeScript
 * in server/src/reports, loaded with tsx): generates the history on a temporary database, then
 * times every report, several times each.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { BenchConfig } from './config.js'
import { track } from './lib/processes.js'

export interface ReportTiming {
  name: string
  /** The first run of the range, with nothing cached yet. */
  firstMs: number
  /** Again, warm: the median of the repeats. */
  medianMs: number
  /** The slowest of all runs, first included: what the target is checked on. */
  maxMs: number
  /** CPU time of the slowest run: what the query costs without the other processes on the machine. */
  maxCpuMs: number
}
export type ReportsResult = { skipped: string } | { tickets: number; days: number; generateS: number; queries: ReportTiming[] }

export function runReports(opts: { root: string; tmp: string; cfg: BenchConfig; log: (l: string) => void }): Promise<ReportsResult> {
  return runChild<ReportsResult>(opts, 'report-queries.ts', { databasePath: join(opts.tmp, 'reports.sqlite'), ...opts.cfg.reports })
}

export interface ProvinceReportTiming {
  name: string
  /** Every day summarized from its tickets: once in a system's life (each day is summarized as it ends). */
  firstMs: number
  /** A new process on the same file, asked before its start-up read the kept summaries (the worst case). */
  restartMs: number
  restartCpuMs: number
  /** A new process's start-up reading the kept summaries (report_summaries), as the server does at onReady. */
  startUpMs: number
  startUpCpuMs: number
  /** The first report of a new process after that start-up: what a manager meets after a restart. */
  afterStartUpMs: number
  afterStartUpCpuMs: number
  medianMs: number
  maxWarmMs: number
  maxCpuMs: number
}
export type ProvinceReportsResult = { skipped: string } | { centres: number; tickets: number; days: number; generateS: number; queries: ProvinceReportTiming[] }

/** The province's side-by-side report over a year of `centres` centres (province-report.ts). */
export function runProvinceReports(opts: { root: string; tmp: string; cfg: BenchConfig; log: (l: string) => void }): Promise<ProvinceReportsResult> {
  return runChild<ProvinceReportsResult>(opts, 'province-report.ts', { databasePath: join(opts.tmp, 'province-reports.sqlite'), ...opts.cfg.provinceReports })
}

function runChild<R>(opts: { root: string; log: (l: string) => void }, name: string, input: object): Promise<R> {
  const script = join(opts.root, 'test', 'bench', name)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], { cwd: opts.root, stdio: ['ignore', 'pipe', 'inherit'] })
    track(child)
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      const text = c.toString('utf8')
      out += text
      for (const line of text.split('\n')) if (line.startsWith('progress ')) opts.log(`  ${line.slice(9)}`)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20 * 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      const last = out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop()
      if (code === 0 && last) resolve(JSON.parse(last) as R)
      else reject(new Error(`${name} failed (exit ${code}):\n${out.slice(-2000)}`))
    })
  })
}
