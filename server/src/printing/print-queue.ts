import { PrinterError } from './printer-error.js'

/** A print job gets a signal that fires when the queue gives up on it (timeout or close). */
export type PrintJob = (signal: AbortSignal) => Promise<void>

export interface PrintQueueOptions {
  /** A job still running after this long is abandoned so the next ticket can print. */
  jobTimeoutMs: number
  /** Jobs per printer, the running one included, before new ones get 'printer_busy'. */
  maxPending: number
}

interface Entry {
  job: PrintJob
  resolve: () => void
  reject: (error: unknown) => void
}

interface Lane {
  waiting: Entry[]
  running: Promise<void> | null
}

/**
 * One lane per printer: a printer takes one ticket at a time and in order (two interleaved
 * connections would either be refused or print garbage), while a jammed printer at one kiosk
 * never holds up tickets at another.
 */
export class PrintQueue {
  readonly #lanes = new Map<string, Lane>()
  readonly #options: PrintQueueOptions
  #closed = false

  constructor(options: PrintQueueOptions) {
    this.#options = options
  }

  /** Jobs waiting or running for this printer. */
  pending(key: string): number {
    const lane = this.#lanes.get(key)
    return lane ? lane.waiting.length + (lane.running ? 1 : 0) : 0
  }

  enqueue(key: string, job: PrintJob): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new PrinterError('printer_queue_closed', 'The print queue is shutting down'))
    }
    if (this.pending(key) >= this.#options.maxPending) {
      return Promise.reject(new PrinterError('printer_busy', `Printer ${key} already has ${this.#options.maxPending} tickets pending`))
    }
    return new Promise<void>((resolve, reject) => {
      let lane = this.#lanes.get(key)
      if (!lane) {
        lane = { waiting: [], running: null }
        this.#lanes.set(key, lane)
      }
      lane.waiting.push({ job, resolve, reject })
      if (!lane.running) lane.running = this.#drain(key, lane)
    })
  }

  /**
   * Stops taking jobs, cancels those not started, and waits for the running ones (each is
   * bounded by jobTimeoutMs): cutting a ticket off half-printed helps nobody.
   */
  async close(): Promise<void> {
    this.#closed = true
    const running: Promise<void>[] = []
    for (const lane of this.#lanes.values()) {
      for (const entry of lane.waiting.splice(0)) {
        entry.reject(new PrinterError('printer_queue_closed', 'The print queue closed before this ticket was printed'))
      }
      if (lane.running) running.push(lane.running)
    }
    await Promise.all(running)
  }

  async #drain(key: string, lane: Lane): Promise<void> {
    for (let entry = lane.waiting.shift(); entry; entry = lane.waiting.shift()) {
      await this.#run(key, entry)
    }
    lane.running = null
    // Forget idle printers so a changing set of keys does not grow the map forever.
    this.#lanes.delete(key)
  }

  async #run(key: string, entry: Entry): Promise<void> {
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new PrinterError('printer_timeout', `Print job on ${key} took longer than ${this.#options.jobTimeoutMs} ms`)
        controller.abort(error)
        reject(error)
      }, this.#options.jobTimeoutMs)
    })
    try {
      // Started inside try so a job that throws synchronously is reported, not left pending.
      await Promise.race([Promise.resolve().then(() => entry.job(controller.signal)), timedOut])
      entry.resolve()
    } catch (error) {
      entry.reject(error)
    } finally {
      clearTimeout(timer)
    }
  }
}
