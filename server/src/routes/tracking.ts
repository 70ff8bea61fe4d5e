/**
 * The page behind the QR code on a ticket: `/t/:id/:code`. No login: the random code is the
 * secret, so numbers cannot be enumerated. Plain server-rendered HTML that works without scripts
 * (it then reloads itself every 20 s); a small script (`/t/page.js`) follows the ticket over
 * Socket.IO, so a call shows at once with a banner, a chime and a vibration, and polls
 * `/t/:id/:code/progress` while the socket cannot connect. Citizens open it on any phone, often on
 * a weak mobile connection: the script is fetched once and cached.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { TicketProgress } from '../../../shared/contract.js'
import { ratingRefusal, ratingSettings, rateVisit } from '../domain/ratings.js'
import { DEFAULT_RATING_SCALE, levelsOf, RATING_LABELS, UNSATISFIED_LEVEL, type RatingReason, type RatingScale } from '../../../shared/ratings.js'
import { SYSTEM } from '../domain/runner.js'
import { estimateTicket } from '../domain/estimate.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'
import { paths } from '../paths.js'
import { ErrorResponse, TicketProgressSchema } from './schemas.js'
import { fill, latestOf, namesOf, ticketProgress, TRACKING_POLL_SECONDS, TRACKING_TEXT as TEXT, type Lang, type TicketRow } from './tracking-view.js'

export const TRACKING_REFRESH_SECONDS = TRACKING_POLL_SECONDS

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The ticket page's script, built by esbuild into dist/public/ticket/; absent, the page still works without it. */
function loadScript(): { body: Buffer; gzip: Buffer; version: string } | undefined {
  const file = join(paths.public, 'ticket', 'page.js')
  if (!existsSync(file)) return undefined
  const body = readFileSync(file)
  return { body, gzip: gzipSync(body, { level: 9 }), version: createHash('sha256').update(body).digest('hex').slice(0, 12) }
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Be Vietnam Pro","Segoe UI",Roboto,Arial,sans-serif;background:#f3f5f8;color:#14213d;line-height:1.4}
main{max-width:30rem;margin:0 auto;padding:1rem}
header{font-weight:600;color:#0b4f8a;font-size:1rem;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:1rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.label{font-size:.9rem;color:#52607a;margin:0}
.number{font-size:4.5rem;font-weight:800;letter-spacing:.02em;margin:0 0 .25rem;color:#0b4f8a;line-height:1.1}
.service{font-size:1.2rem;font-weight:600;margin:0}
.service-en{color:#52607a;margin:0 0 1rem}
.procedure{font-weight:600;color:#0b4f8a;margin:-.5rem 0 1rem;line-height:1.35}
.status{font-size:1.35rem;font-weight:700;padding:.75rem 1rem;border-radius:.75rem;background:#e8f1fb;color:#0b4f8a;margin:1rem 0}
.status.called,.status.serving{background:#0b7a3e;color:#fff}
.status.no_show,.status.cancelled,.status.closed{background:#fdecea;color:#a4161a}
dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem;margin:0;font-size:1.1rem}
dt{color:#52607a;white-space:nowrap}dd{margin:0;font-weight:700;text-align:right}
.note{margin:1rem 0 0;color:#52607a;font-size:.85rem}
.lang{display:inline-block;margin-top:1rem;color:#0b4f8a}
.rate{margin:1rem 0 0}
.rate p{font-weight:600;margin:0 0 .75rem}
.rate form{display:grid;gap:.5rem}
.rate button{font:inherit;font-size:1.1rem;font-weight:600;padding:.8rem 1rem;border-radius:.75rem;border:1px solid #c9d3e3;background:#fff;color:#14213d;text-align:left}
.rate button[value="5"],.rate button[value="4"]{border-color:#0b7a3e;color:#0b5a2e}
.rate label{display:flex;gap:.75rem;align-items:center;font-size:1.1rem;padding:.7rem 1rem;border-radius:.75rem;border:1px solid #c9d3e3;background:#fff}
.rate input[type=checkbox]{width:1.4rem;height:1.4rem;flex:none}
.rate button.send{background:#0b4f8a;border-color:#0b4f8a;color:#fff;text-align:center}
.rate a{color:#0b4f8a}
.rate form + p{margin:.9rem 0 0}
.rate .thanks{background:#e9f7ef;color:#0b5a2e;border-radius:.75rem;padding:.75rem 1rem}
[hidden]{display:none!important}
.banner{background:#0b7a3e;color:#fff;border-radius:1rem;padding:1rem 1.25rem 1.25rem;margin:0 0 1rem;text-align:center;box-shadow:0 2px 8px rgba(11,122,62,.35);animation:pulse 1.2s ease-in-out 3}
.banner p{margin:0}
.banner-lead{font-size:1.3rem;font-weight:700}
.banner-counter{font-size:1.1rem;margin-top:.5rem}
.banner-number{font-size:6rem;font-weight:800;line-height:1}
@keyframes pulse{50%{transform:scale(1.03)}}
@media (prefers-reduced-motion:reduce){.banner{animation:none}}
.alert{display:block;width:100%;margin:1rem 0 0;font:inherit;text-align:left;padding:.8rem 1rem;border-radius:.75rem;border:2px solid #0b4f8a;background:#fff;color:#0b4f8a}
.alert-title{display:block;font-size:1.15rem;font-weight:700}
.alert-hint{display:block;font-size:.9rem;color:#52607a}
.alert.on{background:#e8f1fb;border-color:#c9d3e3}
`

function page(lang: Lang, title: string, body: string, opts: { refresh: boolean; script?: string }): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.refresh ? (opts.script ? `<noscript><meta http-equiv="refresh" content="${TRACKING_REFRESH_SECONDS}"></noscript>` : `<meta http-equiv="refresh" content="${TRACKING_REFRESH_SECONDS}">`) : ''}
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${opts.script ? `<script src="${opts.script}" defer></script>` : ''}
</head>
<body><main>${body}</main></body>
</html>`
}

function sendNotFound(reply: FastifyReply, lang: Lang): FastifyReply {
  const t = TEXT[lang]
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(page(lang, t.notFoundTitle, `<div class="card"><h1 class="service">${t.notFoundTitle}</h1><p>${t.notFound}</p></div>`, { refresh: false }))
}

const routes: FastifyPluginAsync = async (app) => {
  /** The ticket a link names, when its id and secret code match; malformed links match nothing. */
  async function linkedTicket(params: { id: string; code: string }): Promise<TicketRow | undefined> {
    // Ids are PostgreSQL integers: a larger one matches nothing rather than fail in the database.
    const id = /^\d{1,10}$/.test(params.id) && Number(params.id) < 2 ** 31 ? Number(params.id) : 0
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(params.code)) return undefined
    return app.store.read((r) => r.tickets.linked(id, params.code))
  }

  const script = loadScript()
  const langOf = (request: FastifyRequest<{ Querystring: { lang?: string } }>): Lang => (request.query.lang === 'en' ? 'en' : 'vi')
  const secret = (reply: FastifyReply) =>
    // The link is a secret: do not leak it to other sites or caches.
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')

  function progressOf(
    first: TicketRow,
    lang: Lang,
  ): Promise<{
    row: TicketRow
    progress: TicketProgress
    siteName: string
    timeZone: string
    rating: number | undefined
    scale: RatingScale
    reasons: RatingReason[]
  }> {
    return app.store.read(async (r) => {
      const row = await latestOf(r.tickets, first)
      const now = app.clock()
      const estimate = row.status === 'waiting' ? await estimateTicket(r, row, now) : undefined
      const names = await namesOf(r, row)
      const site = await r.sites.get(row.siteId)
      return {
        ...(site ? ratingSettings(site) : { scale: DEFAULT_RATING_SCALE, reasons: [] }),
        row,
        progress: await ticketProgress(r, first, row, lang, now, estimate),
        siteName: names.siteName ?? '',
        timeZone: names.timeZone ?? DEFAULT_TIME_ZONE,
        rating: row.status === 'done' ? await r.tickets.ratingOf(row.id) : undefined,
      }
    })
  }

  app.get('/t/page.js', async (request, reply) => {
    if (!script) return reply.status(404).send({ code: 'not_found', message: 'The ticket page script is not built; run npm run build' })
    // Versioned by its hash in the page's link: a phone fetches it once.
    reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/javascript; charset=utf-8').header('vary', 'accept-encoding')
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(script.gzip)
    return reply.send(script.body)
  })

  app.get<{ Params: { id: string; code: string }; Querystring: { lang?: string } }>(
    '/t/:id/:code/progress',
    { config: { rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { response: { 200: TicketProgressSchema, 404: ErrorResponse } } },
    async (request, reply) => {
      secret(reply)
      const first = await linkedTicket(request.params)
      if (!first) return reply.status(404).send({ code: 'ticket_not_found', message: 'No ticket has this link' })
      return (await progressOf(first, langOf(request))).progress
    },
  )

  app.get<{ Params: { id: string; code: string }; Querystring: { lang?: string; rate?: string } }>(
    '/t/:id/:code',
    { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const lang = langOf(request)
      const t = TEXT[lang]
      secret(reply)
      reply.header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'",
      )
      const code = request.params.code
      const first = await linkedTicket(request.params)
      if (!first) return sendNotFound(reply, lang)

      const { row, progress: p, siteName, timeZone, rating: given, scale, reasons } = await progressOf(first, lang)
      const now = app.clock()

      let rating = ''
      if (ratingRefusal(row, serviceDayOf(now, timeZone)) === null) {
        const action = `/t/${first.id}/${escapeHtml(code)}/rating${lang === 'en' ? '?lang=en' : ''}`
        // An unsatisfied level picked (the POST sent the citizen back here): ask why, from the centre's list.
        const picked = Number(request.query.rate)
        if (given !== undefined) {
          rating = `<div class="rate"><p class="thanks" data-testid="rated">${escapeHtml(fill(t.rated, { label: RATING_LABELS[lang][given] ?? '' }))}</p></div>`
        } else if (levelsOf(scale).includes(picked) && picked <= UNSATISFIED_LEVEL) {
          const back = `/t/${first.id}/${escapeHtml(code)}${lang === 'en' ? '?lang=en' : ''}`
          rating = `<div class="rate" data-testid="reasons"><p>${escapeHtml(t.reasonsQuestion)}</p>
<form method="post" action="${action}">
<input type="hidden" name="score" value="${picked}"><input type="hidden" name="step" value="reasons">
${reasons.map((r) => `<label><input type="checkbox" name="reason" value="${escapeHtml(r.vi)}">${escapeHtml(lang === 'en' && r.en ? r.en : r.vi)}</label>`).join('\n')}
<button type="submit" class="send">${escapeHtml(t.reasonsSend)} · ${escapeHtml(RATING_LABELS[lang][picked] ?? '')}</button>
</form><p><a href="${back}">${escapeHtml(t.reasonsBack)}</a></p></div>`
        } else {
          rating = `<div class="rate" data-testid="rate"><p>${escapeHtml(fill(t.rateQuestion, { counter: p.counterNumber ?? '' }))}</p>
<form method="post" action="${action}">
${levelsOf(scale)
  .map((score) => `<button type="submit" name="score" value="${score}">${escapeHtml(RATING_LABELS[lang][score] ?? '')}</button>`)
  .join('\n')}
</form></div>`
        }
      }
      const otherLang = lang === 'en' ? '' : '?lang=en'
      const hidden = (on: boolean) => (on ? '' : ' hidden')
      const live = script !== undefined && !p.final
      const body = `
<header>${escapeHtml(siteName)}</header>
<div class="banner"${hidden(p.status === 'called')} data-testid="banner" role="alert">
<p class="banner-lead">${escapeHtml(t.bannerLead)} <span data-field="number">${escapeHtml(p.number)}</span></p>
<p class="banner-counter">${escapeHtml(t.bannerCounter)}</p>
<p class="banner-number" data-field="counterNumber" data-testid="banner-counter">${p.counterNumber ?? ''}</p>
</div>
<div class="card">
<p class="label">${t.number}</p>
<p class="number" data-testid="number" data-field="number">${escapeHtml(p.number)}</p>
<p class="service" data-field="serviceName">${escapeHtml(p.serviceName)}</p>
<p class="service-en" data-field="serviceNameOther">${escapeHtml(p.serviceNameOther)}</p>
<p class="procedure" data-testid="procedure" data-field="procedureName"${hidden(p.procedureName !== '')}>${escapeHtml(p.procedureName)}</p>
<p class="label" data-field="transferredText"${hidden(p.transferredText !== '')}>${escapeHtml(p.transferredText)}</p>
<p class="status ${p.status}" data-testid="status" data-field="statusText">${escapeHtml(p.statusText)}</p>
<dl data-testid="figures"${hidden(p.ahead !== null)}><dt>${t.ahead}</dt><dd data-field="ahead" data-testid="ahead">${p.ahead ?? ''}</dd><dt>${t.wait}</dt><dd data-field="waitText" data-testid="wait">${escapeHtml(p.waitText ?? '')}</dd></dl>
${rating}
${live ? `<button type="button" class="alert" data-testid="alert"${hidden(p.status === 'waiting')} data-on="${escapeHtml(t.alertOn)}"><span class="alert-title">${escapeHtml(t.alert)}</span><span class="alert-hint">${escapeHtml(t.alertHint)}</span></button>` : ''}
<p class="note" data-testid="note"><span data-field="updatedText">${p.final ? '' : escapeHtml(p.updatedText)}</span> <span data-testid="live" data-live="${escapeHtml(t.live)}" data-offline="${escapeHtml(fill(t.offline, { s: TRACKING_REFRESH_SECONDS }))}"></span></p>
</div>
<a class="lang" href="/t/${first.id}/${escapeHtml(code)}${otherLang}">${t.other}</a>`
      const follow = live
        ? ` data-ticket="${first.id}" data-code="${escapeHtml(code)}" data-lang="${lang}" data-final="${p.final}" data-status="${p.status}" data-recalls="${p.recallCount}" data-poll="${TRACKING_REFRESH_SECONDS}"`
        : ''
      const html = page(lang, `${p.number} · ${t.title}`, body, { refresh: !p.final, ...(live ? { script: `/t/page.js?v=${script.version}` } : {}) })
      return reply.type('text/html; charset=utf-8').send(html.replace('<main>', `<main${follow}>`))
    },
  )

  // The rating form posts a plain HTML form: parsed here only, for this page. A field sent more than
  // once (the reasons' checkboxes) becomes a list.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    const fields: Record<string, string | string[]> = {}
    for (const [key, value] of new URLSearchParams(body as string)) {
      const had = fields[key]
      fields[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]
    }
    done(null, fields)
  })

  /**
   * A citizen rates the visit from the ticket's page: once, after it was served, tied to the
   * ticket, the counter and the staff member who served it (DOMAIN.md: ratings count in staff
   * evaluation). Answers with a redirect back to the page, which then thanks them.
   */
  app.post<{ Params: { id: string; code: string }; Querystring: { lang?: string }; Body: Record<string, string | string[]> | undefined }>(
    '/t/:id/:code/rating',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const lang: Lang = request.query.lang === 'en' ? 'en' : 'vi'
      const t = TEXT[lang]
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      const code = request.params.code
      const first = await linkedTicket(request.params)
      if (!first) return sendNotFound(reply, lang)
      const back = `/t/${first.id}/${code}${lang === 'en' ? '?lang=en' : ''}`
      const message = (status: number, text: string) =>
        reply
          .status(status)
          .type('text/html; charset=utf-8')
          .send(
            page(lang, t.title, `<div class="card"><p>${escapeHtml(text)}</p><a class="lang" href="${escapeHtml(back)}">${escapeHtml(t.title)}</a></div>`, {
              refresh: false,
            }),
          )

      const body = request.body ?? {}
      const score = typeof body.score === 'string' && /^[1-5]$/.test(body.score) ? Number(body.score) : 0
      if (score === 0) return message(400, t.rateBad)
      const picked = body.reason === undefined ? [] : Array.isArray(body.reason) ? body.reason : [body.reason]
      // An unsatisfied level asks why first (the page's reasons step); the rating is recorded with the answer.
      if (score <= UNSATISFIED_LEVEL && body.step !== 'reasons') {
        return reply.redirect(`/t/${first.id}/${code}?rate=${score}${lang === 'en' ? '&lang=en' : ''}`, 303)
      }
      const row = await app.store.read((r) => latestOf(r.tickets, first))
      const refusal = await app.commands.run(rateVisit, { siteId: row.siteId, actor: SYSTEM }, { ticketId: row.id, score, reasons: picked, channel: 'phone' })
      if (refusal === 'not_served') return message(409, t.rateOnlyDone)
      if (refusal === 'day_over') return message(409, t.rateClosed)
      if (refusal) return message(400, t.rateBad)
      // A rating device at the counter may still be asking about this visit: it stops.
      if (row.counterId !== null) app.ratingDevices.refresh(row.siteId, row.counterId)
      return reply.redirect(back, 303)
    },
  )
}
export default routes
