/**
 * Builders for display tests: a listening app with a registered display, staff at open counters,
 * and calls made through the HTTP API exactly as the counter console makes them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Page } from 'playwright-core'
import type { DeviceConfig, TicketView } from '../../shared/types.js'
import { projectRoot } from '../../server/src/paths.js'
import { aDevice, baseUrl, counterId, issue, login, serviceId, type Device, type Staff } from '../helpers/build.js'

export interface Desk {
  counter: number
  counterId: number
  staff: Staff
}

export function displayUrl(app: FastifyInstance, display: Device): string {
  return `${baseUrl(app)}/display/#token=${display.token}`
}

/** Staff canbo<n> opens counter n, for each given counter number. */
export async function openDesks(app: FastifyInstance, numbers: number[]): Promise<Map<number, Desk>> {
  const desks = new Map<number, Desk>()
  for (const n of numbers) {
    const staff = await login(app, `canbo${n}`)
    const id = await counterId(app, n)
    const res = await app.inject({ method: 'POST', url: `/api/counters/${id}/open`, headers: staff.headers })
    if (res.statusCode !== 200) throw new Error(`open counter ${n}: ${res.statusCode} ${res.body}`)
    desks.set(n, { counter: n, counterId: id, staff })
  }
  return desks
}

async function post(app: FastifyInstance, desk: Desk, path: string): Promise<TicketView> {
  const res = await app.inject({ method: 'POST', url: `/api/counters/${desk.counterId}${path}`, headers: desk.staff.headers })
  if (res.statusCode !== 200) throw new Error(`POST counter ${desk.counter}${path}: ${res.statusCode} ${res.body}`)
  return res.json() as TicketView
}

export const callNext = (app: FastifyInstance, desk: Desk) => post(app, desk, '/call-next')
export const recall = (app: FastifyInstance, desk: Desk, ticket: TicketView) => post(app, desk, `/tickets/${ticket.id}/recall`)
export const startServing = (app: FastifyInstance, desk: Desk, ticket: TicketView) => post(app, desk, `/tickets/${ticket.id}/start`)
export const finish = (app: FastifyInstance, desk: Desk, ticket: TicketView) => post(app, desk, `/tickets/${ticket.id}/finish`)
export const noShow = (app: FastifyInstance, desk: Desk, ticket: TicketView) => post(app, desk, `/tickets/${ticket.id}/no-show`)

/** Issues `count` tickets for a service from a kiosk, through the API. */
export async function issueMany(app: FastifyInstance, kiosk: Device, code: string, count: number): Promise<TicketView[]> {
  const id = await serviceId(app, code)
  const out: TicketView[] = []
  for (let i = 0; i < count; i++) {
    const res = await issue(app, kiosk, { serviceId: id })
    if (res.statusCode !== 201) throw new Error(`issue ${code}: ${res.statusCode} ${res.body}`)
    out.push((res.json() as { ticket: TicketView }).ticket)
  }
  return out
}

export function aDisplay(app: FastifyInstance, config: DeviceConfig = {}): Promise<Device> {
  return aDevice(app, 'display', config)
}

/** The clip sequences the display's audio element has played so far. */
export function audioLog(page: Page): Promise<string[][]> {
  return page.evaluate(() => window.__qmsAudioLog ?? [])
}

/** Text of every element with this data-testid (Playwright's CSS engine pierces shadow roots). */
export async function texts(page: Page, testId: string): Promise<string[]> {
  return (await page.locator(`[data-testid="${testId}"]`).allInnerTexts()).map((s) => s.trim())
}

/** Transfers a ticket from the desk's counter to another service (it waits again there). */
export async function transferToService(app: FastifyInstance, desk: Desk, ticket: TicketView, toServiceId: number): Promise<TicketView> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/counters/${desk.counterId}/tickets/${ticket.id}/transfer`,
    headers: desk.staff.headers,
    payload: { toServiceId },
  })
  if (res.statusCode !== 200) throw new Error(`transfer ${ticket.number}: ${res.statusCode} ${res.body}`)
  return (res.json() as { ticket: TicketView }).ticket
}

async function counterAction(app: FastifyInstance, desk: Desk, action: string, payload?: object): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/counters/${desk.counterId}/${action}`, headers: desk.staff.headers, payload })
  if (res.statusCode !== 200) throw new Error(`${action} counter ${desk.counter}: ${res.statusCode} ${res.body}`)
}

export const pauseCounter = (app: FastifyInstance, desk: Desk, reason = 'Nghỉ giải lao') => counterAction(app, desk, 'pause', { reason })
export const closeCounter = (app: FastifyInstance, desk: Desk) => counterAction(app, desk, 'close')

/** The sound pack's folder: the clips the display fetches from /display/sounds/. */
const SOUND_PACK = join(projectRoot, 'display', 'public', 'sounds')

/**
 * The pack's clips cut to their first `ms` milliseconds (the chime kept whole), served in place of
 * the real ones: every announcement still plays each clip, in order, through the same players, but
 * takes a second instead of eight. For tests about what is said and when, not about the recordings
 * (test/display/display-calls.test.ts's first test plays the real pack). Call before `page.goto`.
 */
export async function shortClips(page: Page, ms = 80): Promise<void> {
  await page.route('**/display/sounds/**/*.wav', async (route) => {
    const path = join(SOUND_PACK, decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/display\/sounds\//, '')))
    if (!path.startsWith(SOUND_PACK + sep) || !existsSync(path)) return route.continue()
    const wav = readFileSync(path)
    return route.fulfill({ status: 200, contentType: 'audio/wav', body: path.endsWith(`${sep}chime.wav`) ? wav : truncatedWav(wav, ms) })
  })
}

/** A PCM WAV file cut to its first `ms` milliseconds: the same format chunk, fewer samples. */
export function truncatedWav(wav: Buffer, ms: number): Buffer {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file')
  let byteRate = 0
  let blockAlign = 1
  for (let at = 12; at + 8 <= wav.length;) {
    const id = wav.toString('ascii', at, at + 4)
    const size = wav.readUInt32LE(at + 4)
    if (id === 'fmt ') {
      byteRate = wav.readUInt32LE(at + 16)
      blockAlign = wav.readUInt16LE(at + 20)
    } else if (id === 'data') {
      if (byteRate === 0) throw new Error('WAV data before its format')
      const keep = Math.min(size, Math.floor((byteRate * ms) / 1000 / blockAlign) * blockAlign)
      const out = Buffer.concat([wav.subarray(0, at + 8), wav.subarray(at + 8, at + 8 + keep)])
      out.writeUInt32LE(keep, at + 4)
      out.writeUInt32LE(out.length - 8, 4)
      return out
    }
    at += 8 + size + (size % 2)
  }
  throw new Error('WAV without data')
}
