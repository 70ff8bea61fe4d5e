import net from 'node:net'
import { createCanvas, loadImage } from '@napi-rs/canvas'

/**
 * normal: reads the job and closes once the client has finished sending, like a raw
 *         port-9100 printer.
 * hang:   accepts and reads but never closes (a jammed printer or one out of paper).
 * refuse: resets the connection as soon as it is accepted (a printer busy with another host).
 */
export type FakePrinterMode = 'normal' | 'hang' | 'refuse'

export type FakePrinterEvent = { type: 'open' | 'data' | 'close'; connection: number }

export interface FakePrinter {
  readonly url: string
  readonly port: number
  mode: FakePrinterMode
  /** In normal mode, how long "printing" takes before the printer closes its side. */
  closeDelayMs: number
  /** Bytes received, one Buffer per connection in the order they were accepted. */
  readonly connections: Buffer[]
  /** Open/data/close in the order they happened, to check that jobs did not overlap. */
  readonly events: FakePrinterEvent[]
  /** Server-side sockets still open. */
  openSockets(): number
  close(): Promise<void>
}

export async function startFakePrinter(mode: FakePrinterMode = 'normal'): Promise<FakePrinter> {
  const sockets = new Set<net.Socket>()
  const connections: Buffer[] = []
  const events: FakePrinterEvent[] = []

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const index = connections.push(Buffer.alloc(0)) - 1
    sockets.add(socket)
    events.push({ type: 'open', connection: index })
    socket.on('close', () => {
      sockets.delete(socket)
      events.push({ type: 'close', connection: index })
    })
    socket.on('error', () => undefined)
    if (printer.mode === 'refuse') {
      // A reset, not a plain close: a peer that sends FIN straight away looks, at the TCP level,
      // exactly like a printer that read the whole job and closed, because a ticket fits in
      // the loopback socket buffers before the FIN arrives.
      socket.resetAndDestroy()
      return
    }
    socket.on('data', (chunk: Buffer) => {
      connections[index] = Buffer.concat([connections[index] ?? Buffer.alloc(0), chunk])
      events.push({ type: 'data', connection: index })
    })
    socket.on('end', () => {
      if (printer.mode === 'hang') return
      if (printer.closeDelayMs > 0) setTimeout(() => socket.end(), printer.closeDelayMs)
      else socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as net.AddressInfo

  const printer: FakePrinter = {
    url: `tcp://127.0.0.1:${address.port}`,
    port: address.port,
    mode,
    closeDelayMs: 0,
    connections,
    events,
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return printer
}

/**
 * Waits (bounded) until the printer has had `count` connections, and returns how many it had: a
 * kiosk's answer does not wait for a slow print (past its bound the job goes on in the background),
 * so on a loaded machine the job can reach the printer just after the answer.
 */
export async function connectionsReached(printer: FakePrinter, count: number, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (let i = 0; printer.connections.length < count && Date.now() < deadline && i < timeoutMs / 20 + 10; i++) {
    await new Promise((r) => setTimeout(r, 20))
  }
  return printer.connections.length
}

export interface Bitmap {
  /** Dots across, always a multiple of 8 as in the raster command. */
  width: number
  height: number
  /** One entry per dot, row by row: 1 = black. */
  bits: Uint8Array
}

export type EscPosItem = { type: 'raster'; offset: number; bitmap: Bitmap } | { type: 'cut'; offset: number; command: Buffer }

/**
 * Walks an ESC/POS stream and returns the raster images (GS v 0) and cuts (GS V) in order.
 * Image data is skipped by its declared length, so bytes inside a bitmap that happen to look
 * like a command are not mistaken for one.
 */
export function decodeEscPos(stream: Buffer): EscPosItem[] {
  const items: EscPosItem[] = []
  let i = 0
  while (i < stream.length) {
    if (stream[i] === 0x1d && stream[i + 1] === 0x76 && stream[i + 2] === 0x30) {
      if (i + 8 > stream.length) throw new Error(`Truncated GS v 0 header at ${i}`)
      const widthBytes = stream[i + 4]! + stream[i + 5]! * 256
      const height = stream[i + 6]! + stream[i + 7]! * 256
      const start = i + 8
      const end = start + widthBytes * height
      if (end > stream.length) throw new Error(`GS v 0 at ${i} declares ${end - start} bytes, stream has ${stream.length - start}`)
      const width = widthBytes * 8
      const bits = new Uint8Array(width * height)
      for (let b = 0; b < end - start; b++) {
        const byte = stream[start + b]!
        for (let k = 0; k < 8; k++) bits[b * 8 + k] = (byte >> (7 - k)) & 1
      }
      items.push({ type: 'raster', offset: i, bitmap: { width, height, bits } })
      i = end
    } else if (stream[i] === 0x1d && stream[i + 1] === 0x56) {
      // GS V m (m = 0, 1, 48, 49) or GS V m n (m = 65, 66: feed n then cut).
      const m = stream[i + 2]
      const length = m === 65 || m === 66 ? 4 : 3
      items.push({ type: 'cut', offset: i, command: stream.subarray(i, i + length) })
      i += length
    } else {
      i++
    }
  }
  return items
}

/** The PNG as a printer would see it: black where opaque and darker than mid-grey. */
export async function pngToBitmap(png: Buffer): Promise<Bitmap> {
  const image = await loadImage(png)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(image, 0, 0)
  const { data } = ctx.getImageData(0, 0, image.width, image.height)
  const bits = new Uint8Array(image.width * image.height)
  for (let p = 0; p < bits.length; p++) {
    const [r, g, b, a] = [data[p * 4]!, data[p * 4 + 1]!, data[p * 4 + 2]!, data[p * 4 + 3]!]
    bits[p] = a > 126 && 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 1 : 0
  }
  return { width: image.width, height: image.height, bits }
}

export function blackRatio(bitmap: Bitmap): number {
  return bitmap.bits.reduce((sum, bit) => sum + bit, 0) / bitmap.bits.length
}
