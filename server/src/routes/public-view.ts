/**
 * The public pages as HTML (routes/public.ts): plain server-rendered markup and one inline style
 * sheet, readable from across a waiting room on a 1080p TV and on a phone, and framable by the
 * province's portal. Numbers are written the Vietnamese way in Vietnamese (1.234; 87 %).
 */
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'
import type { PublicCentre, PublicProvince, PublicService } from '../../../shared/public-figures.js'

export type PublicLang = 'vi' | 'en'

const TEXT = {
  vi: {
    province: 'Tình hình phục vụ tại các trung tâm',
    waitingNow: 'Đang chờ',
    people: 'người',
    meanWaitToday: 'Thời gian chờ trung bình hôm nay',
    withinTarget: 'Được gọi đúng thời gian cam kết',
    satisfied: 'Hài lòng',
    thisMonth: 'tháng này',
    ratings: (n: string) => `${n} lượt đánh giá`,
    minutes: (n: string) => `${n} phút`,
    hours: (n: string) => `${n} giờ`,
    noWait: 'Không phải chờ',
    service: 'Lĩnh vực',
    waiting: 'Đang chờ',
    expected: 'Chờ dự kiến',
    today: 'Hôm nay',
    open: 'Đang nhận số',
    closedToday: (why: string) => `Hôm nay trung tâm nghỉ: ${why}`,
    reasons: {
      service_outside_hours: 'Ngoài giờ',
      service_closed: 'Chưa có quầy phục vụ',
      daily_cap_reached: 'Đã hết số hôm nay',
      numbering_exhausted: 'Đã hết số hôm nay',
      site_closed_today: 'Nghỉ',
      service_inactive: 'Tạm ngừng',
    } as Record<string, string>,
    closed: 'Tạm ngừng nhận số',
    noHoursToday: 'Không làm việc',
    centre: 'Trung tâm',
    details: 'Chi tiết',
    updated: (time: string) => `Cập nhật lúc ${time}, tự làm mới mỗi 30 giây.`,
    privacy: 'Chỉ số liệu tổng hợp: không có số thứ tự hay thông tin cá nhân.',
    other: 'English',
    none: '—',
  },
  en: {
    province: 'Service at every centre',
    waitingNow: 'Waiting now',
    people: 'people',
    meanWaitToday: 'Mean wait today',
    withinTarget: 'Called within the target wait',
    satisfied: 'Satisfied',
    thisMonth: 'this month',
    ratings: (n: string) => `${n} ratings`,
    minutes: (n: string) => `${n} min`,
    hours: (n: string) => `${n} h`,
    noWait: 'No wait',
    service: 'Service',
    waiting: 'Waiting',
    expected: 'Expected wait',
    today: 'Today',
    open: 'Taking numbers',
    closedToday: (why: string) => `The centre is closed today: ${why}`,
    reasons: {
      service_outside_hours: 'Outside hours',
      service_closed: 'No counter open',
      daily_cap_reached: 'No numbers left today',
      numbering_exhausted: 'No numbers left today',
      site_closed_today: 'Closed',
      service_inactive: 'Suspended',
    } as Record<string, string>,
    closed: 'Not taking numbers',
    noHoursToday: 'Closed today',
    centre: 'Centre',
    details: 'Details',
    updated: (time: string) => `Updated at ${time}; refreshes every 30 seconds.`,
    privacy: 'Totals only: no ticket numbers, no personal data.',
    other: 'Tiếng Việt',
    none: '—',
  },
} as const

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const locale = (lang: PublicLang) => (lang === 'vi' ? 'vi-VN' : 'en-GB')
const whole = (n: number, lang: PublicLang) => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(n)
const share = (n: number | null, lang: PublicLang) =>
  n === null ? TEXT[lang].none : new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(n)
/** "12 phút", "1 giờ 5 phút": an estimate of six hours reads better than "351 phút". */
function minutes(n: number | null, lang: PublicLang): string {
  if (n === null) return TEXT[lang].none
  const total = Math.round(n)
  if (total < 60) return TEXT[lang].minutes(whole(total, lang))
  const h = Math.floor(total / 60)
  const m = total % 60
  return m === 0 ? TEXT[lang].hours(whole(h, lang)) : `${TEXT[lang].hours(whole(h, lang))} ${TEXT[lang].minutes(whole(m, lang))}`
}
const clock = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(new Date(at))
const nameOf = (s: { nameVi?: string; name?: string; nameEn: string }, lang: PublicLang) => (lang === 'en' && s.nameEn ? s.nameEn : (s.nameVi ?? s.name ?? ''))

/** Today's issuing periods, when the service keeps hours of its own. */
function hoursOf(s: PublicService, lang: PublicLang): string {
  if (s.hoursToday === null) return ''
  if (s.hoursToday.length === 0) return TEXT[lang].noHoursToday
  return s.hoursToday.map((p) => `${p.from}–${p.to}`).join(', ')
}

function figure(label: string, value: string, note = ''): string {
  return `<div class="figure"><p class="label">${label}</p><p class="value">${value}</p>${note ? `<p class="note">${note}</p>` : ''}</div>`
}

function figures(c: PublicCentre, lang: PublicLang): string {
  const t = TEXT[lang]
  return `<section class="figures">
${figure(t.waitingNow, whole(c.waiting, lang), t.people)}
${figure(t.meanWaitToday, minutes(c.today.meanWaitMinutes, lang))}
${figure(t.withinTarget, share(c.month.withinTargetShare, lang), t.thisMonth)}
${figure(`${t.satisfied}`, share(c.month.satisfiedShare, lang), `${t.thisMonth} · ${t.ratings(whole(c.month.ratings, lang))}`)}
</section>`
}

function serviceRow(s: PublicService, lang: PublicLang): string {
  const t = TEXT[lang]
  const state = s.open ? `<span class="state open">${t.open}</span>` : `<span class="state">${t.reasons[s.closedReason ?? ''] ?? t.closed}</span>`
  const hours = hoursOf(s, lang)
  const expected = !s.open ? t.none : s.waiting === 0 ? t.noWait : minutes(s.estimatedWaitMinutes, lang)
  return `<tr>
<th scope="row"><span class="code">${escape(s.code)}</span> ${escape(nameOf(s, lang))}</th>
<td class="num" data-label="${t.waiting}">${whole(s.waiting, lang)}</td>
<td class="num" data-label="${t.expected}">${expected}</td>
<td class="today">${state}${hours ? ` <span class="hours">${escape(hours)}</span>` : ''}</td>
</tr>`
}

function page(lang: PublicLang, title: string, body: string, refreshSeconds: number, otherLang: string): string {
  const t = TEXT[lang]
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refreshSeconds}">
<title>${escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/fonts/fonts.css">
<style>${STYLE}</style>
</head>
<body><main>${body}
<footer><p>${t.privacy}</p><p><a href="${otherLang}">${t.other}</a></p></footer>
</main></body>
</html>`
}

/** One centre: its figures, then a row per service. */
export function renderCentre(c: PublicCentre, lang: PublicLang, refreshSeconds: number): string {
  const t = TEXT[lang]
  const name = nameOf(c, lang)
  const body = `<header><h1>${escape(name)}</h1><p class="updated">${t.updated(clock(c.updatedAt, c.timeZone))}</p></header>
${c.closedToday ? `<p class="closed-today">${escape(t.closedToday(c.closedToday))}</p>` : ''}
${figures(c, lang)}
<table>
<thead><tr><th scope="col">${t.service}</th><th scope="col" class="num">${t.waiting}</th><th scope="col" class="num">${t.expected}</th><th scope="col">${t.today}</th></tr></thead>
<tbody>${c.services.map((s) => serviceRow(s, lang)).join('\n')}</tbody>
</table>`
  return page(lang, name, body, refreshSeconds, `/public/${c.id}${lang === 'vi' ? '?lang=en' : ''}`)
}

/** Every centre side by side, each linking to its own page. */
export function renderProvince(p: PublicProvince, lang: PublicLang, refreshSeconds: number): string {
  const t = TEXT[lang]
  const suffix = lang === 'en' ? '?lang=en' : ''
  const rows = p.centres
    .map(
      (c) => `<tr>
<th scope="row"><a href="/public/${c.id}${suffix}">${escape(nameOf(c, lang))}</a>${c.closedToday ? `<br><span class="state">${escape(c.closedToday)}</span>` : ''}</th>
<td class="num" data-label="${t.waitingNow}">${whole(c.waiting, lang)}</td>
<td class="num" data-label="${t.meanWaitToday}">${minutes(c.today.meanWaitMinutes, lang)}</td>
<td class="num" data-label="${t.withinTarget}">${share(c.month.withinTargetShare, lang)}</td>
<td class="num" data-label="${t.satisfied}">${share(c.month.satisfiedShare, lang)}</td>
</tr>`,
    )
    .join('\n')
  const body = `<header><h1>${t.province}</h1><p class="updated">${t.updated(clock(p.updatedAt, p.centres[0]?.timeZone ?? DEFAULT_TIME_ZONE))}</p></header>
<table>
<thead><tr><th scope="col">${t.centre}</th><th scope="col" class="num">${t.waitingNow}</th><th scope="col" class="num">${t.meanWaitToday}</th><th scope="col" class="num">${t.withinTarget} (${t.thisMonth})</th><th scope="col" class="num">${t.satisfied} (${t.thisMonth})</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
  return page(lang, t.province, body, refreshSeconds, `/public${lang === 'vi' ? '?lang=en' : ''}`)
}

const STYLE = `
*{box-sizing:border-box}
html{font-size:clamp(15px,1.05vw + 6px,30px)}
body{margin:0;font-family:"Be Vietnam Pro","Segoe UI",Roboto,Arial,sans-serif;background:#f3f5f8;color:#14213d;line-height:1.35}
main{max-width:90rem;margin:0 auto;padding:1.2rem 1.5rem}
header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem 1.5rem;margin:0 0 1rem}
h1{margin:0;font-size:1.9rem;color:#0b4f8a;font-weight:800}
.updated{margin:0;color:#52607a;font-size:.9rem}
.closed-today{background:#fdecea;color:#a4161a;font-weight:700;border-radius:.6rem;padding:.7rem 1rem;margin:0 0 1rem;font-size:1.2rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.8rem;margin:0 0 1.2rem}
.figure{background:#fff;border-radius:.8rem;padding:.8rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.figure .label{margin:0;color:#52607a;font-size:.95rem}
.figure .value{margin:.1rem 0 0;font-size:2.6rem;font-weight:800;color:#0b4f8a;line-height:1.1;font-variant-numeric:tabular-nums}
.figure .note{margin:.1rem 0 0;color:#52607a;font-size:.85rem}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:.8rem;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.12)}
th,td{padding:.55rem .9rem;text-align:left;vertical-align:top;border-bottom:1px solid #e3e8f0}
thead th{background:#0b4f8a;color:#fff;font-size:.9rem;font-weight:600}
tbody th{font-weight:600}
tbody tr:nth-child(even){background:#f7f9fc}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.num{font-size:1.25rem;font-weight:700}
.code{display:inline-block;min-width:2.6rem;padding:0 .35rem;border-radius:.3rem;background:#e8f1fb;color:#0b4f8a;font-weight:700;text-align:center}
.state{font-size:.85rem;color:#a4161a;font-weight:600}
.state.open{color:#0b7a3e}
a{color:#0b4f8a}
footer{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;color:#52607a;font-size:.85rem;margin-top:1rem}
footer p{margin:0}
.today .hours{color:#52607a;font-size:.9rem;white-space:nowrap}
/* A phone: each row becomes a card, its figures labelled. */
@media (max-width:40rem){
  main{padding:.8rem}
  h1{font-size:1.45rem}
  .figures{grid-template-columns:1fr 1fr}
  .figure .value{font-size:1.9rem}
  thead{display:none}
  table,tbody{display:block}
  tbody tr{display:grid;grid-template-columns:1fr 1fr;gap:.35rem .75rem;padding:.7rem .8rem;border-bottom:1px solid #e3e8f0}
  tbody th,tbody td{border:0;padding:0;text-align:left}
  tbody th{grid-column:1/-1}
  tbody td.today{grid-column:1/-1}
  td.num::before{content:attr(data-label);display:block;font-size:.8rem;font-weight:400;color:#52607a}
}
`
