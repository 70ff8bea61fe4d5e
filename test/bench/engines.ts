/**
 * PostgreSQL with two processes beside SQLite with one and the bare baselines: the same figures
 * from the same rounds, and their ratios. The PostgreSQL legs run in every round right after the
 * SQLite one, so each ratio PostgreSQL/2 ÷ SQLite/1 compares legs minutes apart.
 */
import { round } from './lib/stats.js'
import type { BenchConfig } from './config.js'
import type { LegResult } from './leg.js'
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
const TARGETED: Record<string, 'max' | 'min'> = { issue_p50: 'max', call_p99: 'max', seq_p99: 'max', issue_tps: 'min', call_tps: 'min' }

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
  return pgVsSqlite.map((f) => {
    const s = sb.get(f.key)
    const p = pb.get(f.key)
    const out: EngineFigure = {
      key: f.key,
      label: f.label,
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
