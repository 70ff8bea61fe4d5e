/**
 * Request/response over the IPC channel of forked load processes. The parent calls a named
 * handler in the child and awaits its answer; every call has a timeout. A child whose parent
 * goes away exits at once, so no load process outlives the bench.
 */
import { fork, type ChildProcess } from 'node:child_process'

interface Request {
  id: number
  type: string
  payload: unknown
}
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }

export class WorkerProcess {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>()
  private exited = false

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (raw) => {
      const reply = raw as Reply
      const waiting = this.pending.get(reply.id)
      if (!waiting) return
      this.pending.delete(reply.id)
      clearTimeout(waiting.timer)
      if (reply.ok) waiting.resolve(reply.result)
      else waiting.reject(new Error(`${name}: ${reply.error}`))
    })
    child.on('exit', (code, signal) => {
      this.exited = true
      for (const [, w] of this.pending) {
        clearTimeout(w.timer)
        w.reject(new Error(`${name} exited (${code ?? signal}) with a call pending`))
      }
      this.pending.clear()
    })
  }

  /** Starts a built worker script with plain node, as a separate process. */
  static start(name: string, script: string, onSpawn: (child: ChildProcess) => void): WorkerProcess {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] })
    onSpawn(child)
    return new WorkerProcess(name, child)
  }

  call<T>(type: string, payload: unknown = {}, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${this.name}: ${type} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer })
      this.child.send({ id, type, payload } satisfies Request)
    })
  }

  async stop(): Promise<void> {
    if (this.exited) return
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000)
    await gone
    clearTimeout(timer)
  }
}

/** Child side: answers the parent's calls with the given handlers. */
export function serve(handlers: Record<string, (payload: never) => unknown>): void {
  process.on('disconnect', () => process.exit(0))
  process.on('message', (raw) => {
    const req = raw as Request
    const handler = handlers[req.type]
    const reply = (r: Reply) => {
      if (process.connected) process.send?.(r)
    }
    if (!handler) return reply({ id: req.id, ok: false, error: `no handler ${req.type}` })
    Promise.resolve()
      .then(() => handler(req.payload as never))
      .then(
        (result) => reply({ id: req.id, ok: true, result }),
        (err: unknown) => reply({ id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      )
  })
}
