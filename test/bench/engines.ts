/**
 * PostgreSQL with two processes beside SQLite with one and the bare baselines: the same figures
 * from the same rounds, and their ratios. The PostgreSQL legs run in every round right after the
 * SQLite one, so each ratio PostgreSQL/2 ÷ SQLite/1 compares legs minutes apart.
 */
import { round } from './lib/stats.js'
import type { BenchConfig } from './config.js'
import type { LegResult } from './leg.js'
import type { ProbeResult } from './lib/services.js'
import { figures, type Figure } from './summary.js'

export interface EngineFigure {
  key: string
  label: string
  unit: string
  baseline: number
  sqlite: number
  postgres: number
  /** Median of per-round PostgreSQL/2 ÷ SQLite/1. */
  pgOverSqlite: number
  /** Median of per-round PostgreSQL/2 ÷ baseline, beside SQLite/1 ÷ baseline. */
  pgOverBaseline: number
  sqliteOverBaseline: number
  pgRounds: number[]
  sqliteRounds: number[]
  /** "Within 1.5× of SQLite at one centre's load": latencies at most 1.5×, throughputs at least 1/1.5. */
  target?: { kind: 'max' | 'min'; ratio: number }
  met?: boolean
}

/** The figures the 1.5× target applies to: what a citizen or a clerk waits for, and what the server sustains. */
const TARGETED: Record<string, 'max' | 'min'> = { issue_p50: 'max', call_p99: 'max', seq_w_p99: 'max', issue_tps: 'min', call_tps: 'min' }

function relabel(legs: LegResult[], asSystem: LegResult['kind'], asBaseline: LegResult['kind']): LegResult[] {
  return legs.flatMap((l): LegResult[] => (l.kind === asSystem ? [{ ...l, kind: 'system' }] : l.kind === asBaseline ? [{ ...l, kind: 'baseline' }] : []))
}

export function engineFigures(legs: LegResult[], cfg: BenchConfig): EngineFigure[] {
  const sqliteVsBase = figures(relabel(legs, 'system', 'baseline'), cfg)
  const pgVsBase = figures(relabel(legs, 'postgres', 'baseline'), cfg)
  const pgVsSqlite = figures(relabel(legs, 'postgres', 'system'), cfg)
  const byKey = (list: Figure[]) => new Map(list.map((f) => [f.key, f]))
  const sb = byKey(sqliteVsBase)
  const pb = byKey(pgVsBase)
  // One call at a time: SQLite/1 and PostgreSQL/2 both against the baseline's write + broadcast (the bare-broadcast rows have no SQLite column).
  return pgVsSqlite
    .filter((f) => !/^seq_p(50|99)_/.test(f.key))
    .map((f) => {
      const s = sb.get(f.key)
      const p = pb.get(f.key)
      const out: EngineFigure = {
        key: f.key,
        label: f.label.replace(' (vs bare write + broadcast)', ''),
        unit: f.unit,
        baseline: s?.baseline ?? Number.NaN,
        sqlite: f.baseline,
        postgres: f.system,
        pgOverSqlite: f.ratio,
        pgOverBaseline: p?.ratio ?? Number.NaN,
        sqliteOverBaseline: s?.ratio ?? Number.NaN,
        pgRounds: f.systemRounds,
        sqliteRounds: f.baselineRounds,
      }
      const kind = TARGETED[f.key.replace(/_\d+$/, '')]
      if (kind) {
        out.target = { kind, ratio: kind === 'max' ? 1.5 : round(1 / 1.5, 2) }
        out.met = Number.isFinite(f.ratio) && (kind === 'max' ? f.ratio <= 1.5 : f.ratio >= 1 / 1.5)
      }
      return out
    })
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–'
  if (Math.abs(v) >= 100) return v.toFixed(0)
  if (Math.abs(v) >= 10) return v.toFixed(1)
  return v.toFixed(2)
}

function verdict(f: EngineFigure): string {
  if (!f.target) return ''
  return `${f.target.kind === 'max' ? '≤' : '≥'} ${f.target.ratio}× ${f.met ? 'met' : 'MISSED'}`
}

export function engineMarkdown(rows: EngineFigure[]): string {
  const out = [
    '| figure | baseline | SQLite, 1 process | PostgreSQL, 2 processes | PG/2 ÷ SQLite/1 | target | SQLite/1 ÷ baseline | PG/2 ÷ baseline | rounds (PG/2 / SQLite/1) |',
    '|---|---:|---:|---:|---:|---|---:|---:|---|',
  ]
  for (const f of rows) {
    out.push(
      `| ${f.label} | ${fmt(f.baseline)} ${f.unit} | ${fmt(f.sqlite)} ${f.unit} | ${fmt(f.postgres)} ${f.unit} | ${fmt(f.pgOverSqlite)}× | ${verdict(f)} | ${fmt(f.sqliteOverBaseline)}× | ${fmt(f.pgOverBaseline)}× | ${f.pgRounds.map(fmt).join(', ')} / ${f.sqliteRounds.map(fmt).join(', ')} |`,
    )
  }
  return out.join('\n')
}

export function engineText(rows: EngineFigure[]): string {
  const head = ['figure', 'baseline', 'SQLite/1', 'PG/2', 'PG÷SQLite', 'target']
  const body = rows.map((f) => [
    f.label,
    `${fmt(f.baseline)} ${f.unit}`,
    `${fmt(f.sqlite)} ${f.unit}`,
    `${fmt(f.postgres)} ${f.unit}`,
    `${fmt(f.pgOverSqlite)}×`,
    verdict(f),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

/**
 * What PostgreSQL did during each PostgreSQL leg's burst: statements and commits per command, its
 * own CPU per ticket (not in the server CPU figures), and what its active backends waited on.
 */
export function databaseLines(legs: LegResult[]): string[] {
  const out: string[] = []
  const describe = (p: ProbeResult, tickets: number, commandsPerTicket: number) => {
    const waits = Object.entries(p.waits)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${Math.round(v * 100)} %`)
      .join(', ')
    const perCommand = (n: number) => round(n / Math.max(1, tickets * commandsPerTicket), 2)
    return (
      `${perCommand(p.statements)} statements and ${perCommand(p.commits)} commits per command, ` +
      `PostgreSQL CPU ${round(p.cpuMs / Math.max(1, tickets), 2)} ms per ticket (statement execution ${round(p.statementMs / Math.max(1, tickets), 2)} ms); ` +
      `active backends ${p.activeBackendsMean} on average, their waits: ${waits}; statements seen waiting on a lock: ${JSON.stringify(p.lockWaiters)}`
    )
  }
  for (const leg of legs.filter((l) => l.kind === 'postgres')) {
    for (const level of leg.levels) {
      const b = level.scenario?.burst
      if (!b) continue
      if (b.issueDatabase)
        out.push(`- round ${leg.round}, ${level.displays} displays, issue burst (${b.issued} tickets): ${describe(b.issueDatabase, b.issued, 1)}`)
      if (b.callDatabase)
        out.push(`- round ${leg.round}, ${level.displays} displays, call + start + finish (${b.called} tickets): ${describe(b.callDatabase, b.called, 3)}`)
    }
  }
  return out
}
