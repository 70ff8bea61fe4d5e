import net from 'node:net'
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer'
import { PrinterError } from './printer-error.js'

export interface PrinterAddress {
  host: string
  port: number
}

export interface PrintOptions {
  /** Upper bound for the whole job: connect, send, and the printer closing its side. */
  timeoutMs: number
  /** Lets a caller (the print queue, shutdown) give up early; the socket is destroyed. */
  signal?: AbortSignal
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EADDRNOTAVAIL'])

const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i
const IPV6 = /^\[[0-9a-f:.]+\]$/i

/**
 * Validates `tcp://host:port` (port defaults to 9100, the raw printing port).
 * This must run before node-thermal-printer sees the string: its interface factory treats
 * anything that is not `tcp://` or `printer:` as a FILE PATH and would write the ticket to disk.
 */
export function parsePrinterUrl(url: string): PrinterAddress {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    throw badUrl(url, 'not a URL')
  }
  if (parsed.protocol !== 'tcp:') throw badUrl(url, 'the scheme must be tcp://')
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw badUrl(url, 'only tcp://host:port is allowed')
  }
  if (parsed.pathname !== '' && parsed.pathname !== '/') throw badUrl(url, 'unexpected path')
  const host = parsed.hostname
  if (!HOSTNAME.test(host) && !IPV6.test(host)) throw badUrl(url, 'invalid host')
  // URL already rejects ports above 65535 and non-digits; 0 is not a port a printer listens on.
  const port = parsed.port === '' ? 9100 : Number(parsed.port)
  if (port < 1) throw badUrl(url, 'invalid port')
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port }
}

function badUrl(url: string, why: string): PrinterError {
  return new PrinterError('printer_bad_url', `Invalid printer URL "${url}": ${why}`)
}

/** ESC/POS bytes for one ticket: the PNG as a raster bit image, then feed and full cut. */
export async function encodeTicketJob(address: PrinterAddress, png: Buffer): Promise<Buffer> {
  const printer = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`,
  })
  await printer.printImageBuffer(png)
  printer.cut()
  return printer.getBuffer()
}

/**
 * Prints a ticket PNG on an ESC/POS network printer.
 *
 * node-thermal-printer encodes the job, but its own `execute()` is not used to send it:
 * it resolves as soon as the bytes are handed to the local kernel (so a printer that accepts
 * and then hangs looks like a success), its timeout is an idle timeout that a slow trickle
 * never trips, and its socket cannot be destroyed from outside. Here the job is sent, our side
 * is half-closed, and success means the printer closed its side after reading everything, as
 * raw port-9100 printers do once a job has been taken in.
 */
export async function printPng(url: string, png: Buffer, opts: PrintOptions): Promise<void> {
  const address = parsePrinterUrl(url)
  const job = await encodeTicketJob(address, png)
  await sendJob(address, job, opts)
}

/** Sends raw bytes; settles exactly once and always destroys the socket and the timer. */
export function sendJob(address: PrinterAddress, bytes: Buffer, opts: PrintOptions): Promise<void> {
  const name = `${address.host}:${address.port}`
  return new Promise<void>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(abortError(opts.signal, name))
      return
    }
    let settled = false
    let connected = false
    let sent = false
    const socket = net.connect({ host: address.host, port: address.port, allowHalfOpen: true })

    const settle = (error?: PrinterError): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      if (error) reject(error)
      else resolve()
    }
    const onAbort = (): void => settle(abortError(opts.signal, name))
    const timer = setTimeout(() => {
      const stage = !connected ? 'connecting' : !sent ? 'sending the ticket' : 'waiting for it to finish'
      settle(new PrinterError('printer_timeout', `Printer ${name} timed out after ${opts.timeoutMs} ms while ${stage}`))
    }, opts.timeoutMs)
    opts.signal?.addEventListener('abort', onAbort, { once: true })

    socket.once('connect', () => {
      connected = true
      socket.end(bytes)
    })
    // 'finish': every byte and our FIN are with the kernel.
    socket.once('finish', () => {
      sent = true
    })
    // Printers may talk back (automatic status); read and drop it so 'end' can arrive.
    socket.on('data', () => undefined)
    socket.once('end', () => {
      if (sent) settle()
      else settle(new PrinterError('printer_refused', `Printer ${name} closed the connection before taking the ticket`))
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // By code, not by whether 'connect' fired: a reset right after the handshake can surface
      // as a connect error, yet it means something answered at that address.
      const dropped = error.code === 'ECONNRESET' || error.code === 'EPIPE' || (connected && !UNREACHABLE.has(error.code ?? ''))
      settle(
        dropped
          ? new PrinterError('printer_refused', `Printer ${name} dropped the connection (${error.code ?? error.message})`, { cause: error })
          : new PrinterError('printer_unreachable', `Printer ${name} is unreachable (${error.code ?? error.message})`, { cause: error }),
      )
    })
    socket.once('close', () => {
      settle(new PrinterError('printer_refused', `Printer ${name} closed the connection unexpectedly`))
    })
  })
}

function abortError(signal: AbortSignal | undefined, name: string): PrinterError {
  const reason: unknown = signal?.reason
  if (reason instanceof PrinterError) return reason
  return new PrinterError('printer_timeout', `Printing on ${name} was cancelled`, { cause: reason })
}
