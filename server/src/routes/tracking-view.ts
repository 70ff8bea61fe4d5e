/**
 * What the ticket's page says, in Vietnamese or English: its message catalogue, and the ticket's
 * progress as the page, its socket and its fallback poll all present it.
 */
import type { TicketStatus } from '../../../shared/constants.js'
import type { TicketProgress } from '../../../shared/contract.js'
import { FINAL_STATUSES } from '../../../shared/lifecycle.js'
import { formatWait } from '../../../shared/wait-text.js'
import { formatTime } from '../../../shared/web/i18n.js'
import type { TicketRepository, TicketRow } from '../db/repositories.js'
import type { Repositories } from '../db/store.js'
import type { WaitEstimate } from '../domain/estimate.js'

export type { TicketRow }
export type Lang = 'vi' | 'en'

export const TRACKING_TEXT = {
  vi: {
    title: 'Theo dõi số thứ tự',
    number: 'Số thứ tự',
    ahead: 'Số người chờ trước',
    wait: 'Thời gian chờ dự kiến',
    updated: 'Cập nhật lúc {time}.',
    live: 'Trang tự báo khi đến lượt, không cần tải lại.',
    offline: 'Đang kết nối lại… Trang vẫn tự cập nhật sau mỗi {s} giây.',
    other: 'English',
    notFoundTitle: 'Không tìm thấy số thứ tự',
    notFound: 'Đường dẫn không đúng hoặc đã hết hạn. Vui lòng quét lại mã QR trên phiếu.',
    transferred: 'Số thứ tự đã được chuyển sang lĩnh vực “{service}”.',
    rateQuestion: 'Ông/Bà có hài lòng với sự phục vụ tại quầy số {counter}?',
    rated: 'Cảm ơn Ông/Bà đã đánh giá: “{label}”.',
    rateOnlyDone: 'Chỉ đánh giá được sau khi hồ sơ đã được phục vụ xong.',
    rateBad: 'Mức đánh giá không hợp lệ.',
    rateClosed: 'Lượt này chỉ đánh giá được trong ngày được phục vụ.',
    alert: 'Báo khi đến lượt',
    alertHint: 'Chạm để bật chuông và rung khi được gọi',
    alertOn: 'Sẽ báo bằng chuông và rung khi được gọi',
    bannerLead: 'Đến lượt',
    bannerCounter: 'Mời đến quầy số',
    reasonsQuestion: 'Ông/Bà chưa hài lòng vì điều gì? (có thể chọn nhiều)',
    reasonsSend: 'Gửi đánh giá',
    reasonsBack: 'Chọn lại mức đánh giá',
    status: {
      waiting: 'Đang chờ đến lượt',
      called: 'Mời Ông/Bà đến quầy số {counter}',
      serving: 'Đang được phục vụ tại quầy số {counter}',
      set_aside: 'Hồ sơ đang tạm gác tại quầy số {counter}. Khi Ông/Bà quay lại, quầy sẽ tiếp tục phục vụ.',
      done: 'Đã hoàn thành. Xin cảm ơn!',
      no_show: 'Đã gọi nhưng chưa thấy Ông/Bà đến. Vui lòng liên hệ quầy hướng dẫn.',
      transferred: 'Đã được chuyển',
      cancelled: 'Số này đã bị hủy.',
      closed: 'Đã hết ngày làm việc, số này không còn hiệu lực.',
    } satisfies Record<TicketStatus, string>,
  },
  en: {
    title: 'Follow your ticket',
    number: 'Your number',
    ahead: 'People ahead',
    wait: 'Estimated wait',
    updated: 'Updated at {time}.',
    live: 'This page tells you when it is your turn; no need to reload.',
    offline: 'Reconnecting… The page still updates every {s} seconds.',
    other: 'Tiếng Việt',
    notFoundTitle: 'Ticket not found',
    notFound: 'This link is wrong or has expired. Please scan the QR code on your ticket again.',
    transferred: 'Your ticket was transferred to “{service}”.',
    rateQuestion: 'Were you satisfied with the service at counter {counter}?',
    rated: 'Thank you for your rating: “{label}”.',
    rateOnlyDone: 'A visit can be rated once it has been served.',
    rateBad: 'That is not a valid rating.',
    rateClosed: 'A visit can only be rated on the day it was served.',
    alert: 'Alert me when it is my turn',
    alertHint: 'Tap to turn on a chime and vibration when you are called',
    alertOn: 'A chime and vibration will tell you when you are called',
    bannerLead: 'Your turn',
    bannerCounter: 'Please go to counter',
    reasonsQuestion: 'What were you not satisfied with? (pick any)',
    reasonsSend: 'Send my rating',
    reasonsBack: 'Pick another level',
    status: {
      waiting: 'Waiting for your turn',
      called: 'Please go to counter {counter}',
      serving: 'Being served at counter {counter}',
      set_aside: 'Set aside at counter {counter}: when you come back, the counter will carry on with your visit.',
      done: 'Finished. Thank you!',
      no_show: 'You were called but did not come. Please ask at the information desk.',
      transferred: 'Transferred',
      cancelled: 'This ticket was cancelled.',
      closed: 'The working day is over; this ticket is no longer valid.',
    } satisfies Record<TicketStatus, string>,
  },
} as const

/** How often the page polls when its socket cannot connect (and reloads without scripts). */
export const TRACKING_POLL_SECONDS = 20

const FINAL: ReadonlySet<TicketStatus> = new Set(FINAL_STATUSES)

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''))
}

/** Follows transfers: the QR of the first ticket keeps working after the citizen is sent elsewhere. */
export async function latestOf(tickets: TicketRepository, row: TicketRow): Promise<TicketRow> {
  let current = row
  for (let hops = 0; hops < 20; hops++) {
    const next = await tickets.successor(current.id)
    if (!next) break
    current = next
  }
  return current
}

/** The names a ticket's page shows with it: its site, its service (both languages), its counter. */
export async function namesOf(
  r: Repositories,
  ticket: TicketRow,
): Promise<{
  timeZone: string | undefined
  siteName: string | undefined
  serviceNameVi: string
  serviceNameEn: string
  procedureNameVi: string
  procedureNameEn: string
  counterNumber: number | null
}> {
  const site = await r.sites.get(ticket.siteId)
  const service = await r.services.get(ticket.siteId, ticket.serviceId)
  const counter = ticket.counterId === null ? undefined : await r.counters.get(ticket.siteId, ticket.counterId)
  const procedure = ticket.procedureId === null ? undefined : await r.procedures.get(ticket.siteId, ticket.procedureId)
  return {
    timeZone: site?.timeZone,
    siteName: site?.name,
    serviceNameVi: service?.nameVi ?? '',
    serviceNameEn: service?.nameEn ?? '',
    procedureNameVi: procedure?.nameVi ?? '',
    procedureNameEn: procedure?.nameEn ?? '',
    counterNumber: counter?.number ?? null,
  }
}

/**
 * The progress of the visit a link names (`first`, followed through transfers to `row`). The
 * estimate is passed in, so one forecast can serve every phone of a site.
 */
export async function ticketProgress(
  r: Repositories,
  first: TicketRow,
  row: TicketRow,
  lang: Lang,
  now: number,
  estimate: WaitEstimate | undefined,
): Promise<TicketProgress> {
  const t = TRACKING_TEXT[lang]
  const names = await namesOf(r, row)
  const site = { timeZone: names.timeZone }
  const counter = names.counterNumber === null ? undefined : { number: names.counterNumber }
  const [serviceName, serviceNameOther] = lang === 'en' ? [names.serviceNameEn, names.serviceNameVi] : [names.serviceNameVi, names.serviceNameEn]
  const waiting = row.status === 'waiting' && estimate !== undefined
  return {
    number: row.number,
    status: row.status,
    counterNumber: counter?.number ?? null,
    recallCount: row.recallCount,
    serviceName,
    serviceNameOther,
    procedureName: lang === 'en' && names.procedureNameEn ? names.procedureNameEn : names.procedureNameVi,
    statusText: fill(t.status[row.status], { counter: counter?.number ?? '' }),
    transferredText: row.id !== first.id ? fill(t.transferred, { service: serviceName }) : '',
    ahead: waiting ? estimate.ahead : null,
    waitText: waiting ? formatWait(lang, { estimatedWaitMinutes: estimate.minutes, servingCounters: estimate.servingCounters }) : null,
    final: FINAL.has(row.status),
    updatedText: fill(t.updated, { time: formatTime(now, site?.timeZone ?? 'Asia/Ho_Chi_Minh', lang, true) }),
  }
}
