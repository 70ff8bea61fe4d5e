/**
 * Paper tickets for kiosks. Printing never blocks or undoes issuing: the ticket is committed
 * before printing starts; the kiosk waits a short while for the result, and if the printer is
 * slower than that, the outcome reaches the kiosk later as `print:result`. Failures are logged
 * and kept on the device row, where administrators see them.
 */
import fp from 'fastify-plugin'
import { rooms } from '../../../shared/contract.js'
import type { IssuedTicket, PrinterSetting } from '../../../shared/types.js'
import type { DeviceRow } from '../db/repositories.js'
import { PrintQueue } from '../printing/print-queue.js'
import { parsePrinterUrl, printPng } from '../printing/network-printer.js'
import { renderTicketPng, type TicketPrintData } from '../printing/ticket-image.js'
import { isPrinterError, PrinterError } from '../printing/printer-error.js'
import { LockWaitTimeout } from '../db/database.js'

/** One printer's lock across server processes: by address, however each kiosk spells it. */
function printerJob(url: string): string {
  try {
    const { host, port } = parsePrinterUrl(url)
    return `printer:${host}:${port}`
  } catch {
    return `printer:${url}` // printPng refuses it anyway
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    ticketPrinting: TicketPrinting
  }
}

export type PrintOutcome = { status: 'printed' } | { status: 'failed'; error: string }

export interface TicketPrinting {
  /** Prints a newly issued ticket on the kiosk's printer; resolves with what the kiosk should show. */
  printIssued(device: DeviceRow, issued: IssuedTicket): Promise<IssuedTicket['print']>
  /**
   * How printing a ticket went, for a kiosk's retry of the same request: the retry must not print
   * again, but the kiosk should still learn whether the first attempt printed. Null if unknown
   * (e.g. the server restarted since).
   */
  outcomeOf(device: DeviceRow, ticketId: number): IssuedTicket['print'] | null
  /**
   * Prints a ticket again on a kiosk's network printer (staff reprint) and waits for the outcome,
   * which the print timeout bounds. Kiosks without a network printer cannot be reached: null.
   */
  reprint(device: DeviceRow, issued: IssuedTicket): Promise<PrintOutcome | null>
  /** The data a ticket prints with: also what the browser print layout shows. */
  printData(siteId: number, issued: IssuedTicket): Promise<TicketPrintData>
  /** The print jobs waiting for each printer. */
  printJobs: PrintQueue
}

export interface TicketPrintingOptions {
  timeoutMs: number
  /** How long the kiosk's request waits for the printer before answering `pending`. */
  answerWithinMs?: number
}

export default fp<TicketPrintingOptions>(
  async (app, opts) => {
    const printJobs = new PrintQueue({ jobTimeoutMs: opts.timeoutMs, maxPending: 10 })
    const answerWithinMs = opts.answerWithinMs ?? 2500

    async function recordStatus(device: DeviceRow, status: string, error: string | null): Promise<void> {
      const lastSeenAt = app.clock()
      try {
        await app.store.write((tx) => tx.devices.setPrinterStatus(device.id, status, error))
        app.realtime.deviceStatus(device.siteId, { deviceId: device.id, printerStatus: status, printerError: error, lastSeenAt })
      } catch (err) {
        // A job that ends while the server shuts down finds the database closed; the outcome
        // still reaches the kiosk, and the status is written by the next print.
        app.log.warn({ deviceId: device.id, err }, 'printer status not recorded')
      }
    }

    // Recent outcomes by ticket, for retries; a kiosk retries within seconds, so a few hundred do.
    const outcomes = new Map<number, IssuedTicket['print']>()
    function remember(ticketId: number, outcome: IssuedTicket['print']): void {
      outcomes.delete(ticketId)
      outcomes.set(ticketId, outcome)
      if (outcomes.size > 500) outcomes.delete(outcomes.keys().next().value as number)
    }

    const printing: TicketPrinting = {
      printJobs,
      async printData(siteId, issued) {
        const groupId = issued.ticket.priorityGroupId
        const { site, group } = await app.store.read(async (r) => ({
          site: await r.sites.get(siteId),
          group: groupId === null ? undefined : await r.priorityGroups.get(siteId, groupId),
        }))
        return {
          siteName: site?.name ?? '',
          serviceName: issued.serviceNameVi,
          serviceNameEn: issued.serviceNameEn,
          procedureName: issued.procedureNameVi,
          number: issued.ticket.number,
          priorityGroupName: group?.nameVi ?? null,
          issuedAt: issued.ticket.issuedAt,
          timeZone: site?.timeZone ?? 'Asia/Ho_Chi_Minh',
          waitingAhead: issued.waitingAhead,
          estimatedWaitMinutes: issued.estimatedWaitMinutes,
          servingCounters: issued.servingCounters,
          trackingUrl: issued.trackingUrl,
          footer: site?.ticketFooter ?? '',
        }
      },
      outcomeOf(device, ticketId) {
        const setting: PrinterSetting = device.config.printer ?? { kind: 'none' }
        if (setting.kind !== 'network') return { status: setting.kind }
        return outcomes.get(ticketId) ?? null
      },
      async printIssued(device, issued) {
        const setting: PrinterSetting = device.config.printer ?? { kind: 'none' }
        if (setting.kind === 'none') return { status: 'none' }
        if (setting.kind === 'browser') return { status: 'browser' }
        const ticketId = issued.ticket.id
        remember(ticketId, { status: 'pending' })
        // The wait below is for the printer: rendering is our own work (slow only on a loaded
        // machine) and is done before the clock starts.
        const png = await render(device, setting, issued)
        if (!Buffer.isBuffer(png)) return png
        const job = print(device, setting, issued, png)
        let timer: NodeJS.Timeout | undefined
        const early = await Promise.race([
          job,
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), answerWithinMs)
          }),
        ])
        clearTimeout(timer)
        if (early) {
          remember(ticketId, early)
          return early
        }
        void job.then((outcome) => {
          remember(ticketId, outcome)
          app.realtime.io.to(rooms.device(device.id)).emit('print:result', { ticketId, ...outcome })
        })
        return { status: 'pending' }
      },
      async reprint(device, issued) {
        const setting: PrinterSetting = device.config.printer ?? { kind: 'none' }
        if (setting.kind !== 'network') return null
        const png = await render(device, setting, issued)
        return Buffer.isBuffer(png) ? print(device, setting, issued, png) : png
      },
    }

    type NetworkSetting = Extract<PrinterSetting, { kind: 'network' }>

    async function failed(device: DeviceRow, ticketId: number, err: unknown): Promise<PrintOutcome> {
      const code = isPrinterError(err) ? err.code : 'printer_error'
      app.log.warn({ deviceId: device.id, ticketId, code, err }, 'ticket not printed')
      await recordStatus(device, 'error', code)
      return { status: 'failed', error: code }
    }

    /** The ticket image, or the failure if it could not be drawn. */
    async function render(device: DeviceRow, setting: NetworkSetting, issued: IssuedTicket): Promise<Buffer | PrintOutcome> {
      try {
        return await renderTicketPng(await printing.printData(device.siteId, issued), setting.paperWidth)
      } catch (err) {
        return failed(device, issued.ticket.id, err)
      }
    }

    /**
     * Queues one ticket on its printer; never rejects: a failure is logged, recorded and returned.
     * The queue keeps this process's jobs in order; across server processes (PostgreSQL) each job
     * also holds the printer's lock, so two processes never interleave two tickets on one printer.
     * The wait for the lock counts in the job's time: a printer held too long by another process
     * fails the ticket as busy, and the queue's timeout and abort apply as they do to printing.
     */
    function print(device: DeviceRow, setting: NetworkSetting, issued: IssuedTicket, png: Buffer): Promise<PrintOutcome> {
      const job = async (signal: AbortSignal) => {
        const startedAt = Date.now()
        try {
          await app.database.serially(
            printerJob(setting.url),
            async () => {
              // The queue may have given up on this ticket while the lock was awaited: printing it
              // now would print a ticket the kiosk was told had failed.
              signal.throwIfAborted()
              await printPng(setting.url, png, { timeoutMs: Math.max(1, opts.timeoutMs - (Date.now() - startedAt)), signal })
            },
            { waitMs: opts.timeoutMs },
          )
        } catch (err) {
          if (err instanceof LockWaitTimeout)
            throw new PrinterError('printer_busy', `Printer ${setting.url} is busy with another server's tickets`, { cause: err })
          throw err
        }
      }
      return printJobs.enqueue(setting.url, job).then(
        async () => {
          await recordStatus(device, 'ok', null)
          return { status: 'printed' as const }
        },
        (err: unknown) => failed(device, issued.ticket.id, err),
      )
    }
    app.decorate('ticketPrinting', printing)
    app.addHook('onClose', async () => printJobs.close())
  },
  { name: 'ticket-printing', dependencies: ['storage', 'realtime'] },
)
