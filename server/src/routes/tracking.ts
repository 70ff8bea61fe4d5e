/**
 * The page behind the QR code on a ticket: `/t/:id/:code`. No login: the random code is the
 * secret, so numbers cannot be enumerated. It is plain server-rendered HTML that refreshes itself
 * every 20 seconds: citizens open it on any phone, often on a weak mobile connection, and it must
 * work without a script bundle.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { and, eq } from 'drizzle-orm'
import type { TicketStatus } from '../../../shared/constants.js'
import type { Db } from '../db/client.js'
import { counters, ratings, services, sites, tickets } from '../db/schema.js'
import { isRatingScore, RATING_SCORES, ratingRefusal, recordRating } from '../domain/ratings.js'
import { estimateTicket } from '../domain/estimate.js'
import { serviceDayOf } from '../domain/service-day.js'
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'

type TicketRow = typeof tickets.$inferSelect
type Lang = 'vi' | 'en'

export const TRACKING_REFRESH_SECONDS = 20

const TEXT = {
  vi: {
    title: 'Theo dõi số thứ tự',
    number: 'Số thứ tự của bạn',
    service: 'Lĩnh vực',
    ahead: 'Số người chờ trước bạn',
    wait: 'Thời gian chờ dự kiến',
    minutes: 'khoảng {n} phút',
    now: 'sắp đến lượt',
    updated: 'Cập nhật lúc {time}. Trang tự làm mới sau {s} giây.',
    other: 'English',
    notFoundTitle: 'Không tìm thấy số thứ tự',
    notFound: 'Đường dẫn không đúng hoặc đã hết hạn. Vui lòng quét lại mã QR trên phiếu của bạn.',
    transferred: 'Số của bạn đã được chuyển sang lĩnh vực {service}.',
    rateQuestion: 'Bạn có hài lòng với sự phục vụ tại quầy số {counter}?',
    rated: 'Cảm ơn bạn đã đánh giá: {label}.',
    rateOnlyDone: 'Chỉ đánh giá được sau khi hồ sơ đã được phục vụ xong.',
    rateBad: 'Mức đánh giá không hợp lệ.',
    rateClosed: 'Lượt này chỉ đánh giá được trong ngày được phục vụ.',
    scores: ['', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'],
    status: {
      waiting: 'Đang chờ đến lượt',
      called: 'Mời bạn đến quầy số {counter}',
      serving: 'Đang được phục vụ tại quầy số {counter}',
      done: 'Đã hoàn thành. Cảm ơn bạn!',
      no_show: 'Bạn đã vắng mặt khi được gọi. Vui lòng liên hệ quầy hướng dẫn.',
      transferred: 'Đã được chuyển',
      cancelled: 'Số này đã bị hủy.',
      closed: 'Đã hết ngày làm việc, số này không còn hiệu lực.',
    } satisfies Record<TicketStatus, string>,
  },
  en: {
    title: 'Follow your ticket',
    number: 'Your number',
    service: 'Service',
    ahead: 'People ahead of you',
    wait: 'Estimated wait',
    minutes: 'about {n} min',
    now: 'your turn is near',
    updated: 'Updated at {time}. This page refreshes every {s} seconds.',
    other: 'Tiếng Việt',
    notFoundTitle: 'Ticket not found',
    notFound: 'This link is wrong or has expired. Please scan the QR code on your ticket again.',
    transferred: 'Your ticket was transferred to {service}.',
    rateQuestion: 'Were you satisfied with the service at counter {counter}?',
    rated: 'Thank you for your rating: {label}.',
    rateOnlyDone: 'A visit can be rated once it has been served.',
    rateBad: 'That is not a valid rating.',
    rateClosed: 'A visit can only be rated on the day it was served.',
    scores: ['', 'Not satisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
    status: {
      waiting: 'Waiting for your turn',
      called: 'Please go to counter {counter}',
      serving: 'Being served at counter {counter}',
      done: 'Finished. Thank you!',
      no_show: 'You were absent when called. Please ask at the information desk.',
      transferred: 'Transferred',
      cancelled: 'This ticket was cancelled.',
      closed: 'The working day is over; this ticket is no longer valid.',
    } satisfies Record<TicketStatus, string>,
  },
} as const

const FINAL: ReadonlySet<TicketStatus> = new Set(['done', 'cancelled', 'closed'])

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''))
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
.status{font-size:1.35rem;font-weight:700;padding:.75rem 1rem;border-radius:.75rem;background:#e8f1fb;color:#0b4f8a;margin:1rem 0}
.status.called,.status.serving{background:#0b7a3e;color:#fff}
.status.no_show,.status.cancelled,.status.closed{background:#fdecea;color:#a4161a}
dl{display:grid;grid-template-columns:1fr auto;gap:.5rem 1rem;margin:0;font-size:1.1rem}
dt{color:#52607a}dd{margin:0;font-weight:700;text-align:right}
.note{margin:1rem 0 0;color:#52607a;font-size:.85rem}
.lang{display:inline-block;margin-top:1rem;color:#0b4f8a}
.rate{margin:1rem 0 0}
.rate p{font-weight:600;margin:0 0 .75rem}
.rate form{display:grid;gap:.5rem}
.rate button{font:inherit;font-size:1.1rem;font-weight:600;padding:.8rem 1rem;border-radius:.75rem;border:1px solid #c9d3e3;background:#fff;color:#14213d;text-align:left}
.rate button[value="4"],.rate button[value="3"]{border-color:#0b7a3e;color:#0b5a2e}
.rate .thanks{background:#e9f7ef;color:#0b5a2e;border-radius:.75rem;padding:.75rem 1rem}
`

function page(lang: Lang, title: string, body: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${TRACKING_REFRESH_SECONDS}">` : ''}
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`
}

/** Follows transfers: the QR of the first ticket keeps working after the citizen is sent elsewhere. */
function latestOf(db: Db, row: TicketRow): TicketRow {
  let current = row
  for (let hops = 0; hops < 20; hops++) {
    const next = db.select().from(tickets).where(eq(tickets.transferredFromId, current.id)).get()
    if (!next) break
    current = next
  }
  return current
}

function sendNotFound(reply: FastifyReply, lang: Lang): FastifyReply {
  const t = TEXT[lang]
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(page(lang, t.notFoundTitle, `<div class="card"><h1 class="service">${t.notFoundTitle}</h1><p>${t.notFound}</p></div>`, false))
}

const routes: FastifyPluginAsync = async (app) => {
  const db = app.storage.db

  /** The ticket a link names, when its id and secret code match; malformed links match nothing. */
  function linkedTicket(params: { id: string; code: string }): TicketRow | undefined {
    const id = /^\d{1,10}$/.test(params.id) ? Number(params.id) : 0
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(params.code)) return undefined
    return db.select().from(tickets).where(and(eq(tickets.id, id), eq(tickets.trackingCode, params.code))).get()
  }

  app.get<{ Params: { id: string; code: string }; Querystring: { lang?: string } }>(
    '/t/:id/:code',
    { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const lang: Lang = request.query.lang === 'en' ? 'en' : 'vi'
      const t = TEXT[lang]
      // The link is a secret: do not leak it to other sites or caches.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      const code = request.params.code
      const first = linkedTicket(request.params)
      if (!first) return sendNotFound(reply, lang)

      const row = latestOf(db, first)
      const now = app.clock()
      const site = db.select().from(sites).where(eq(sites.id, row.siteId)).get()
      const service = db.select().from(services).where(eq(services.id, row.serviceId)).get()
      const counter = row.counterId === null ? undefined : db.select().from(counters).where(eq(counters.id, row.counterId)).get()
      const serviceName = (lang === 'en' ? service?.nameEn : service?.nameVi) ?? ''
      const statusText = fill(t.status[row.status], { counter: counter?.number ?? '' })

      let figures = ''
      if (row.status === 'waiting') {
        const { ahead, minutes } = estimateTicket(db, row, now)
        figures = `<dl><dt>${t.ahead}</dt><dd>${ahead}</dd><dt>${t.wait}</dt><dd>${
          minutes > 0 ? fill(t.minutes, { n: minutes }) : t.now
        }</dd></dl>`
      }
      const transferred = row.id !== first.id ? `<p class="label">${escapeHtml(fill(t.transferred, { service: serviceName }))}</p>` : ''
      const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
        timeZone: site?.timeZone ?? 'Asia/Ho_Chi_Minh',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(now)
      let rating = ''
      if (ratingRefusal(row, serviceDayOf(now, site?.timeZone ?? DEFAULT_TIME_ZONE)) === null) {
        const given = db.select({ score: ratings.score }).from(ratings).where(eq(ratings.ticketId, row.id)).get()
        rating = given
          ? `<div class="rate"><p class="thanks" data-testid="rated">${escapeHtml(fill(t.rated, { label: t.scores[given.score] ?? '' }))}</p></div>`
          : `<div class="rate" data-testid="rate"><p>${escapeHtml(fill(t.rateQuestion, { counter: counter?.number ?? '' }))}</p>
<form method="post" action="/t/${first.id}/${escapeHtml(code)}/rating${lang === 'en' ? '?lang=en' : ''}">
${RATING_SCORES.map((score) => `<button type="submit" name="score" value="${score}">${escapeHtml(t.scores[score] ?? '')}</button>`).join('\n')}
</form></div>`
      }
      const final = FINAL.has(row.status)
      const otherLang = lang === 'en' ? '' : '?lang=en'
      const body = `
<header>${escapeHtml(site?.name ?? '')}</header>
<div class="card">
<p class="label">${t.number}</p>
<p class="number" data-testid="number">${escapeHtml(row.number)}</p>
<p class="service">${escapeHtml(serviceName)}</p>
<p class="service-en">${escapeHtml((lang === 'en' ? service?.nameVi : service?.nameEn) ?? '')}</p>
${transferred}
<p class="status ${row.status}" data-testid="status">${escapeHtml(statusText)}</p>
${figures}
${rating}
<p class="note">${final ? '' : fill(t.updated, { time, s: TRACKING_REFRESH_SECONDS })}</p>
</div>
<a class="lang" href="/t/${first.id}/${escapeHtml(code)}${otherLang}">${t.other}</a>`
      return reply.type('text/html; charset=utf-8').send(page(lang, `${row.number} · ${t.title}`, body, !final))
    },
  )

  // The rating form posts a plain HTML form: parsed here only, for this page.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })

  /**
   * A citizen rates the visit from the ticket's page: once, after it was served, tied to the
   * ticket, the counter and the staff member who served it (DOMAIN.md: ratings count in staff
   * evaluation). Answers with a redirect back to the page, which then thanks them.
   */
  app.post<{ Params: { id: string; code: string }; Querystring: { lang?: string }; Body: Record<string, string> | undefined }>(
    '/t/:id/:code/rating',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const lang: Lang = request.query.lang === 'en' ? 'en' : 'vi'
      const t = TEXT[lang]
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      const code = request.params.code
      const first = linkedTicket(request.params)
      if (!first) return sendNotFound(reply, lang)
      const back = `/t/${first.id}/${code}${lang === 'en' ? '?lang=en' : ''}`
      const message = (status: number, text: string) =>
        reply
          .status(status)
          .type('text/html; charset=utf-8')
          .send(page(lang, t.title, `<div class="card"><p>${escapeHtml(text)}</p><a class="lang" href="${escapeHtml(back)}">${escapeHtml(t.title)}</a></div>`, false))

      const score = Number(request.body?.score)
      if (!isRatingScore(score)) return message(400, t.rateBad)
      const row = latestOf(db, first)
      const now = app.clock()
      const site = db.select({ timeZone: sites.timeZone }).from(sites).where(eq(sites.id, row.siteId)).get()
      const refusal = ratingRefusal(row, serviceDayOf(now, site?.timeZone ?? DEFAULT_TIME_ZONE))
      if (refusal) return message(409, refusal === 'not_served' ? t.rateOnlyDone : t.rateClosed)
      recordRating(db, row, score, now)
      return reply.redirect(back, 303)
    },
  )
}
export default routes
