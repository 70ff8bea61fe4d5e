/**
 * Turns the legs into figures: for each, the median over rounds of the system and of its baseline,
 * and the median of the per-round ratios (each system leg divided by the baseline leg of its round,
 * run minutes apart, so a machine that gets busier or quieter between rounds cancels out).
 */
import { median, round } from './lib/stats.js'
import type { LegResult, LevelResult } from './leg.js'
import type { BenchConfig } from './config.js'

export interface Figure {
  key: string
  label: string
  unit: string
  system: number
  baseline: number
  ratio: number
  systemRounds: number[]
  baselineRounds: number[]
  /** Ratio target: the system must stay at or under (`max`) or at or over (`min`) this ratio. */
  target?: { kind: 'max' | 'min'; ratio: number }
  met?: boolean
}

type Pick = (leg: LegResult) => number | undefined

function level(leg: LegResult, displays: number): LevelResult | undefined {
  return leg.levels.find((l) => l.displays === displays)
}

function figure(legs: LegResult[], key: string, label: string, unit: string, sys: Pick, base: Pick, target?: Figure['target']): Figure {
  const systemLegs = legs.filter((l) => l.kind === 'system')
  const baselineLegs = legs.filter((l) => l.kind === 'baseline')
  const systemRounds = systemLegs.map((l) => sys(l) ?? Number.NaN)
  const baselineRounds = baselineLegs.map((l) => base(l) ?? Number.NaN)
  const ratios = systemLegs.map((s) => {
    const b = baselineLegs.find((l) => l.round === s.round)
    const sv = sys(s)
    const bv = b ? base(b) : undefined
    return sv !== undefined && bv !== undefined && bv > 0 ? sv / bv : Number.NaN
  })
  const ratio = round(median(ratios), 2)
  const f: Figure = { key, label, unit, system: round(median(systemRounds)), baseline: round(median(baselineRounds)), ratio, systemRounds, baselineRounds }
  if (target) {
    f.target = target
    f.met = Number.isFinite(ratio) && (target.kind === 'max' ? ratio <= target.ratio : ratio >= target.ratio)
  }
  return f
}

export function figures(legs: LegResult[], cfg: BenchConfig): Figure[] {
  const out: Figure[] = []
  const same = (pick: Pick) => pick
  out.push(
    figure(
      legs,
      'startup',
      'Start-up: spawn → first HTTP 200',
      'ms',
      (l) => l.startupMs,
      (l) => l.startupMs,
    ),
  )
  out.push(
    figure(
      legs,
      'rss_idle',
      'Server RSS, idle, no clients',
      'MB',
      (l) => l.rssIdleMb,
      (l) => l.rssIdleMb,
    ),
  )

  for (const d of cfg.scenarioDisplays) {
    const sc = (l: LegResult) => level(l, d)?.scenario
    const p = `${d} displays`
    out.push(
      figure(
        legs,
        `issue_p50_${d}`,
        `Issue latency p50, morning peak, ${p}`,
        'ms',
        same((l) => sc(l)?.peak.issueLatency.p50),
        (l) => sc(l)?.peak.issueLatency.p50,
        { kind: 'max', ratio: 1.3 },
      ),
    )
    out.push(
      figure(
        legs,
        `issue_p99_${d}`,
        `Issue latency p99, morning peak, ${p}`,
        'ms',
        (l) => sc(l)?.peak.issueLatency.p99,
        (l) => sc(l)?.peak.issueLatency.p99,
      ),
    )
    out.push(
      figure(
        legs,
        `call_p50_${d}`,
        `Call → last display p50, morning peak, ${p}`,
        'ms',
        (l) => sc(l)?.peak.callToDisplay.p50,
        (l) => sc(l)?.peak.callToDisplay.p50,
      ),
    )
    out.push(
      figure(
        legs,
        `call_p99_${d}`,
        `Call → last display p99, morning peak, ${p}`,
        'ms',
        (l) => sc(l)?.peak.callToDisplay.p99,
        (l) => sc(l)?.peak.callToDisplay.p99,
        { kind: 'max', ratio: 1.5 },
      ),
    )
    out.push(
      figure(
        legs,
        `issue_tps_${d}`,
        `Issue throughput at saturation, ${p}`,
        '/s',
        (l) => sc(l)?.burst.issuePerSecond,
        (l) => sc(l)?.burst.issuePerSecond,
        { kind: 'min', ratio: 0.8 },
      ),
    )
    out.push(
      figure(
        legs,
        `call_tps_${d}`,
        `Call-next throughput at saturation (call+start+finish), ${p}`,
        '/s',
        (l) => sc(l)?.burst.callNextPerSecond,
        (l) => sc(l)?.burst.callNextPerSecond,
        { kind: 'min', ratio: 0.8 },
      ),
    )
    out.push(
      figure(
        legs,
        `issue_cpu_${d}`,
        `Server CPU per ticket issued (burst), ${p}`,
        'ms',
        (l) => sc(l)?.burst.issueCpuMs,
        (l) => sc(l)?.burst.issueCpuMs,
      ),
    )
    out.push(
      figure(
        legs,
        `call_cpu_${d}`,
        `Server CPU per ticket called+started+finished (burst), ${p}`,
        'ms',
        (l) => sc(l)?.burst.callCpuMs,
        (l) => sc(l)?.burst.callCpuMs,
      ),
    )
    out.push(
      figure(
        legs,
        `burst_call_p99_${d}`,
        `Call → last display p99 at saturation, ${p}`,
        'ms',
        (l) => sc(l)?.burst.callToDisplay.p99,
        (l) => sc(l)?.burst.callToDisplay.p99,
      ),
    )
    out.push(
      figure(
        legs,
        `rss_after_${d}`,
        `Server RSS after the scenario, ${p}`,
        'MB',
        (l) => level(l, d)?.rssAfterScenarioMb,
        (l) => level(l, d)?.rssAfterScenarioMb,
        { kind: 'max', ratio: 1.2 },
      ),
    )
    out.push(
      figure(
        legs,
        `rss_peak_${d}`,
        `Server RSS peak during the scenario, ${p}`,
        'MB',
        (l) => level(l, d)?.rssPeakScenarioMb,
        (l) => level(l, d)?.rssPeakScenarioMb,
      ),
    )
  }

  for (const d of cfg.scaleDisplays) {
    const p = `${d} displays`
    const seq = (l: LegResult) => level(l, d)?.sequential
    const bare = (l: LegResult) => level(l, d)?.bareBroadcast
    out.push(
      figure(
        legs,
        `seq_p50_${d}`,
        `Call → last display p50, one call at a time, ${p} (vs bare broadcast)`,
        'ms',
        (l) => seq(l)?.p50,
        (l) => bare(l)?.p50,
      ),
    )
    out.push(
      figure(
        legs,
        `seq_p99_${d}`,
        `Call → last display p99, one call at a time, ${p} (vs bare broadcast)`,
        'ms',
        (l) => seq(l)?.p99,
        (l) => bare(l)?.p99,
        { kind: 'max', ratio: 1.5 },
      ),
    )
    out.push(
      figure(
        legs,
        `seq_w_p99_${d}`,
        `Call → last display p99, one call at a time, ${p} (vs bare write + broadcast)`,
        'ms',
        (l) => seq(l)?.p99,
        (l) => seq(l)?.p99,
      ),
    )
    out.push(
      figure(
        legs,
        `rss_${d}`,
        `Server RSS with ${p} connected`,
        'MB',
        (l) => level(l, d)?.rssMb,
        (l) => level(l, d)?.rssMb,
        { kind: 'max', ratio: 1.2 },
      ),
    )
  }
  return out
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–'
  if (Math.abs(v) >= 100) return v.toFixed(0)
  if (Math.abs(v) >= 10) return v.toFixed(1)
  return v.toFixed(2)
}

function verdict(f: Figure): string {
  if (!f.target) return ''
  const t = `${f.target.kind === 'max' ? '≤' : '≥'} ${f.target.ratio}×`
  return `${t} ${f.met ? 'met' : 'MISSED'}`
}

/** A plain-text table for the terminal. */
export function textTable(rows: Figure[]): string {
  const head = ['figure', 'system', 'baseline', 'ratio', 'target']
  const body = rows.map((f) => [f.label, `${fmt(f.system)} ${f.unit}`, `${fmt(f.baseline)} ${f.unit}`, `${fmt(f.ratio)}×`, verdict(f)])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

export function markdownTable(rows: Figure[]): string {
  const out = ['| figure | system | baseline | ratio | target | rounds (system / baseline) |', '|---|---:|---:|---:|---|---|']
  for (const f of rows) {
    const rounds = `${f.systemRounds.map(fmt).join(', ')} / ${f.baselineRounds.map(fmt).join(', ')}`
    out.push(`| ${f.label} | ${fmt(f.system)} ${f.unit} | ${fmt(f.baseline)} ${f.unit} | ${fmt(f.ratio)}× | ${verdict(f)} | ${rounds} |`)
  }
  return out.join('\n')
}
