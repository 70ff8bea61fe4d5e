/**
 * The ticket page's script (server/src/routes/tracking.ts renders the page; this only keeps it
 * current). It follows the ticket over Socket.IO with the ticket's secret code, so a call shows at
 * once: a banner with the counter, a chime (once the citizen has tapped "Báo khi đến lượt": phones
 * play sound only after a tap) and a vibration where the phone allows. While the socket cannot
 * connect it polls the page's progress address instead. Kept small: phones on weak mobile links.
 */
import { io } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents, TicketProgress } from '../../shared/contract.js'
import type { Socket } from 'socket.io-client'

function follow(main: HTMLElement): void {
  const ticketId = Number(main.dataset.ticket)
  const code = main.dataset.code ?? ''
  const lang = main.dataset.lang === 'en' ? 'en' : 'vi'
  const pollMs = Number(main.dataset.poll ?? 20) * 1000
  let status = main.dataset.status ?? ''
  let recalls = Number(main.dataset.recalls ?? 0)
  const chime = new Chime()

  const field = (name: string) => Array.from(main.querySelectorAll<HTMLElement>(`[data-field="${name}"]`))
  const byTestId = (id: string) => main.querySelector<HTMLElement>(`[data-testid="${id}"]`)
  const title = document.title

  function apply(p: TicketProgress): void {
    if (p.final) {
      // Done (the script runs only on pages that were not): the server renders the rating form.
      location.reload()
      return
    }
    const set = (name: keyof TicketProgress, value: string) => field(name).forEach((el) => (el.textContent = value))
    set('number', p.number)
    set('serviceName', p.serviceName)
    set('serviceNameOther', p.serviceNameOther)
    set('procedureName', p.procedureName)
    field('procedureName').forEach((el) => (el.hidden = p.procedureName === ''))
    set('statusText', p.statusText)
    set('transferredText', p.transferredText)
    set('ahead', p.ahead === null ? '' : String(p.ahead))
    set('waitText', p.waitText ?? '')
    set('updatedText', p.updatedText)
    set('counterNumber', p.counterNumber === null ? '' : String(p.counterNumber))
    field('transferredText').forEach((el) => (el.hidden = p.transferredText === ''))
    const statusEl = byTestId('status')
    if (statusEl) statusEl.className = `status ${p.status}`
    const figures = byTestId('figures')
    if (figures) figures.hidden = p.ahead === null
    const alert = byTestId('alert')
    if (alert) alert.hidden = p.status !== 'waiting'
    const banner = byTestId('banner')
    if (banner) banner.hidden = p.status !== 'called'
    const newlyCalled = p.status === 'called' && (status !== 'called' || p.recallCount > recalls)
    status = p.status
    recalls = p.recallCount
    main.dataset.status = p.status
    document.title = p.status === 'called' ? `▶ ${p.counterNumber ?? ''} · ${title}` : title
    if (newlyCalled) alertCalled()
  }

  function alertCalled(): void {
    byTestId('banner')?.scrollIntoView({ block: 'start' })
    // Vibration needs an earlier tap on the page in most browsers; without one it is silently refused.
    if (typeof navigator.vibrate === 'function') navigator.vibrate([400, 150, 400, 150, 700])
    chime.ring()
    main.dataset.alerted = String(Number(main.dataset.alerted ?? 0) + 1)
  }

  const alertButton = byTestId('alert') as HTMLButtonElement | null
  alertButton?.addEventListener('click', () => {
    chime.unlock()
    if (typeof navigator.vibrate === 'function') navigator.vibrate(60)
    alertButton.classList.add('on')
    alertButton.setAttribute('aria-pressed', 'true')
    const hint = alertButton.querySelector('.alert-hint')
    if (hint) hint.textContent = alertButton.dataset.on ?? ''
  })

  const liveNote = byTestId('live')
  const setLive = (live: boolean) => {
    main.dataset.connection = live ? 'live' : 'offline'
    if (liveNote) liveNote.textContent = (live ? liveNote.dataset.live : liveNote.dataset.offline) ?? ''
  }

  let poll: ReturnType<typeof setInterval> | undefined
  const fetchOnce = () => {
    fetch(`/t/${ticketId}/${encodeURIComponent(code)}/progress${lang === 'en' ? '?lang=en' : ''}`, { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<TicketProgress>) : undefined))
      .then((p) => p && apply(p))
      .catch(() => undefined)
  }
  const startPolling = () => {
    setLive(false)
    poll ??= setInterval(fetchOnce, pollMs)
  }
  const stopPolling = () => {
    clearInterval(poll)
    poll = undefined
  }

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: '/socket.io',
    auth: { follow: { ticketId, code, lang } },
    // A phone whose network went away keeps trying, more slowly; the poll covers the gap.
    reconnectionDelayMax: 15_000,
  })
  // The first connection on a weak link may take a while: poll meanwhile.
  const slowStart = setTimeout(startPolling, 8_000)
  socket.on('connect', () => {
    clearTimeout(slowStart)
    stopPolling()
    setLive(true)
  })
  socket.on('ticket:progress', apply)
  socket.on('disconnect', startPolling)
  socket.on('connect_error', (err) => {
    startPolling()
    // The link no longer names a ticket (a new day's database, a mistyped address): stop trying.
    if (err.message === 'ticket_not_found') socket.close()
  })
  window.addEventListener('pagehide', () => {
    socket.close()
    stopPolling()
  })
}

/** A short two-note chime made in the browser (no sound file to download). */
class Chime {
  #context: AudioContext | undefined

  /** Must run inside a tap: phones start audio only then. */
  unlock(): void {
    const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Context) return
    this.#context ??= new Context()
    void this.#context.resume()
    this.#tone(0, 660, 0.15)
  }

  ring(): void {
    if (!this.#context) return
    void this.#context.resume()
    for (let i = 0; i < 3; i++) {
      this.#tone(i * 1.2, 880, 0.35)
      this.#tone(i * 1.2 + 0.4, 660, 0.5)
    }
    document.documentElement.dataset.chimed = String(Number(document.documentElement.dataset.chimed ?? 0) + 1)
  }

  #tone(delay: number, frequency: number, length: number): void {
    const ctx = this.#context
    if (!ctx) return
    const start = ctx.currentTime + delay
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'sine'
    osc.frequency.value = frequency
    gain.gain.setValueAtTime(0.0001, start)
    gain.gain.exponentialRampToValueAtTime(0.6, start + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length)
    osc.connect(gain).connect(ctx.destination)
    osc.start(start)
    osc.stop(start + length + 0.05)
  }
}

const main = document.querySelector<HTMLElement>('main[data-ticket]')
if (main) follow(main)
