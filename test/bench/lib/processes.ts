/**
 * The processes the bench starts: the server under test (ours or the bare baseline), its load
 * processes, and the clean-up that ends every one of them, whatever happens.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { now, sleep } from './clock.js'
import { HttpClient } from './http.js'

const children = new Set<ChildProcess>()

/** Every process the bench starts goes through here, so `stopAll` can end it. */
export function track(child: ChildProcess): void {
  children.add(child)
  child.once('exit', () => children.delete(child))
}

/** Ends every tracked process by its own id: SIGTERM, then SIGKILL after a grace period. */
export async function stopAll(graceMs = 5000): Promise<void> {
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null)
  await Promise.all(
    alive.map(
      (child) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL')
            resolve()
          }, graceMs)
          child.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
          child.kill('SIGTERM')
        }),
    ),
  )
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface Memory {
  /** Resident set size now, in MB. */
  rssMb: number
  /** The peak resident set size since the process started (VmHWM), in MB. */
  peakMb: number
}

/** Reads the kernel's view of a process's memory: /proc/<pid>/status. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** CPU time the process has used so far (user + system), in ms: /proc/<pid>/stat, in clock ticks of 10 ms. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export interface ServerSpec {
  /** What it is, for logs: 'system' or 'baseline'. */
  name: string
  script: string
  env: Record<string, string>
  /** A path that answers 200 once the server is ready. */
  readyPath: string
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[]
  cwd: string
}

export interface RunningServer {
  name: string
  pid: number
  port: number
  url: string
  /** Spawn to the first successful HTTP response, in ms. */
  startupMs: number
  memory(): Memory
  cpuMs(): number
  /** Output the server printed (warnings and errors: it runs at LOG_LEVEL=warn). */
  output(): string
  stop(): Promise<void>
}

/** Starts a server with plain node on a free loopback port and waits until it answers. */
export async function startServer(spec: ServerSpec, timeoutMs = 60_000): Promise<RunningServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env, PORT: String(port), HOST: '127.0.0.1' }
  const startedAt = now()
  const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), spec.script], { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  track(child)
  let out = ''
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const client = new HttpClient(url, 1)
  let startupMs = Number.NaN
  try {
    const deadline = startedAt + timeoutMs
    while (now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${spec.name} server exited with ${child.exitCode}:\n${out}`)
      try {
        const res = await client.request('GET', spec.readyPath, { timeoutMs: 2000 })
        if (res.status === 200) {
          startupMs = now() - startedAt
          break
        }
      } catch {
        // Not listening yet.
      }
      await sleep(5)
    }
  } finally {
    client.close()
  }
  if (!Number.isFinite(startupMs)) {
    child.kill('SIGKILL')
    throw new Error(`${spec.name} server did not answer within ${timeoutMs} ms:\n${out}`)
  }
  const pid = child.pid ?? 0
  return {
    name: spec.name,
    pid,
    port,
    url,
    startupMs,
    memory: () => memoryOf(pid),
    cpuMs: () => cpuMsOf(pid),
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      // The server closes gracefully (close-with-grace waits up to 10 s); do not wait forever.
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Samples a process's RSS while a phase runs; returns the highest value seen, in MB. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let peak = 0
  const take = () => {
    try {
      peak = Math.max(peak, memoryOf(pid).rssMb)
    } catch {
      // The process ended.
    }
  }
  take()
  const timer = setInterval(take, everyMs)
  return {
    stop() {
      clearInterval(timer)
      take()
      return peak
    },
  }
}
