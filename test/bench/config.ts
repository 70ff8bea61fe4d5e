/** How big the bench runs: the full run (about 15 minutes here) and `--quick` (about 2). */
export interface BenchConfig {
  quick: boolean
  /** Alternating rounds: baseline, system, baseline, system, … */
  rounds: number
  /** Display counts for call-to-display latency and memory (the scale figures). */
  scaleDisplays: number[]
  /** Display counts for the full scenario: morning peak, then a sustained burst. */
  scenarioDisplays: number[]
  displaysPerProcess: number
  kiosks: number
  counters: number
  /** Calls made one at a time at each scale level. */
  sequentialCalls: number
  /** Morning peak compressed into `seconds`, arrivals up to `peakPerSecond` at the top of the peak. */
  peak: { seconds: number; peakPerSecond: number }
  /** How long a citizen stays at a counter during the peak, ms (uniform). */
  serviceMs: [number, number]
  burstTickets: number
  burstConcurrency: number
  soak: { tickets: number; batch: number; displays: number; timeCapMs: number }
  reports: { tickets: number; days: number; repeats: number }
  /** The province's side-by-side report: `centres` centres with a year of history each. */
  provinceReports: { centres: number; days: number; provincialPerDay: number; communePerDay: number; repeats: number }
}

export function benchConfig(args: string[]): BenchConfig {
  const quick = args.includes('--quick')
  const roundsArg = args.find((a) => a.startsWith('--rounds='))
  const base: BenchConfig = quick
    ? {
        quick,
        rounds: 2,
        scaleDisplays: [10, 30],
        scenarioDisplays: [30],
        displaysPerProcess: 250,
        kiosks: 3,
        counters: 13,
        sequentialCalls: 20,
        peak: { seconds: 4, peakPerSecond: 30 },
        serviceMs: [30, 150],
        burstTickets: 150,
        burstConcurrency: 8,
        soak: { tickets: 2_000, batch: 500, displays: 10, timeCapMs: 30_000 },
        reports: { tickets: 50_000, days: 365, repeats: 3 },
        provinceReports: { centres: 10, days: 365, provincialPerDay: 180, communePerDay: 35, repeats: 3 },
      }
    : {
        quick,
        rounds: 3,
        scaleDisplays: [10, 100, 1000],
        scenarioDisplays: [30, 100],
        displaysPerProcess: 250,
        kiosks: 3,
        counters: 13,
        sequentialCalls: 60,
        peak: { seconds: 10, peakPerSecond: 40 },
        serviceMs: [50, 250],
        burstTickets: 300,
        burstConcurrency: 8,
        soak: { tickets: 100_000, batch: 1_000, displays: 30, timeCapMs: 3 * 60_000 },
        reports: { tickets: 500_000, days: 365, repeats: 5 },
        provinceReports: { centres: 100, days: 365, provincialPerDay: 180, communePerDay: 35, repeats: 5 },
      }
  const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  if (roundsArg) base.rounds = Math.max(1, Number(roundsArg.split('=')[1]))
  if (arg('soak')) base.soak.tickets = Math.max(base.soak.batch, Number(arg('soak')))
  if (arg('soak-minutes')) base.soak.timeCapMs = Number(arg('soak-minutes')) * 60_000
  return base
}
