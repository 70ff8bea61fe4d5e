/** How the two servers are started: ours as `npm start` runs it, and the bare baseline. */
import { join } from 'node:path'
import { startServer, type RunningServer } from './lib/processes.js'
import type { Target } from './load.js'

export const ADMIN_PASSWORD = 'bench-password-123'

export interface StartOptions {
  root: string
  databasePath: string
  /** Write a V8 CPU profile of the system server into this folder when it exits. */
  profileDir?: string | undefined
  extraEnv?: Record<string, string> | undefined
}

/** The built server, `node dist/server/main.js`, with the demo site on a new database. */
export function startSystem(opts: StartOptions): Promise<RunningServer> {
  return startServer({
    name: 'system',
    script: join(opts.root, 'dist', 'server', 'main.js'),
    cwd: opts.root,
    readyPath: '/counter/',
    nodeFlags: opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [],
    env: {
      NODE_ENV: 'production',
      DATABASE_PATH: opts.databasePath,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      // The bench logs 14 people in within seconds from one address; in life they are 14 PCs.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // Three kiosk processes issue the morning peak of a province in minutes.
      KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '100000',
      ...opts.extraEnv,
    },
  })
}

export function startBaseline(opts: StartOptions): Promise<RunningServer> {
  return startServer({
    name: 'baseline',
    script: join(opts.root, 'dist', 'bench', 'baseline-server.js'),
    cwd: opts.root,
    readyPath: '/health',
    env: { NODE_ENV: 'production', DATABASE_PATH: opts.databasePath },
  })
}

/** The baseline has no auth: any token will do, and counters are plain numbers. */
export function baselineTarget(url: string, displays: number, kiosks: number, counters: number): Target {
  return {
    url,
    kioskTokens: Array.from({ length: kiosks }, (_, i) => `kiosk-${i + 1}`),
    displayTokens: Array.from({ length: displays }, (_, i) => `display-${i + 1}`),
    counters: Array.from({ length: counters }, (_, i) => ({ counterId: i + 1 })),
    services: [
      { id: 1, weight: 0.2 },
      { id: 2, weight: 0.2 },
      { id: 3, weight: 0.25 },
      { id: 4, weight: 0.09 },
      { id: 5, weight: 0.16 },
    ],
    priorityGroupIds: [],
    soloServiceId: 1,
  }
}
