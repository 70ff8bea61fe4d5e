/**
 * An audit entry as one sentence in the screen's language, with names instead of ids:
 * “Sửa lĩnh vực “DD – Đất đai”: thời gian chờ mục tiêu 30 phút.” The stored detail is the request
 * that made the change (ids, codes, nested settings); this is the one place that turns it into
 * words. Fields it does not know are left out rather than shown raw.
 */
import type { AuditEntryView, AuditNames } from '../../../shared/admin.js'
import { dayToText } from '../../../shared/local-time.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { AUDIT_FIELDS, AUDIT_WORDS, actionLabel, t, type AdminKey } from './messages.js'

const EMPTY_NAMES: AuditNames = { site: '', services: [], counters: [], users: [], priorityGroups: [], devices: [] }

const ENUMS: Record<string, Record<string, AdminKey>> = {
  strategy: { service_order: 'strategyServiceOrder', longest_wait: 'strategyLongestWait' },
  role: { admin: 'roleAdmin', manager: 'roleManager', staff: 'roleStaff' },
  numbering: { prefix: 'numberingPrefix', block: 'numberingBlock' },
  numberReading: { whole: 'readingWhole', digits: 'readingDigits' },
  theme: { dark: 'themeDark', light: 'themeLight' },
  kind: { kiosk: 'kindKiosk', display: 'kindDisplay' },
}

/** Changes that name their target and nothing else worth a list. */
const TARGET_ONLY = /\.(delete|disable|enable|reset_password|change_password|revoke|rotate_token)$/

const quoted = (s: string) => `“${s}”`

export class AuditSentences {
  constructor(
    private readonly lang: Lang,
    private readonly names: AuditNames = EMPTY_NAMES,
  ) {}

  private word(key: string, params?: Record<string, string | number>): string {
    let text = AUDIT_WORDS[key]?.[this.lang] ?? ''
    for (const [k, v] of Object.entries(params ?? {})) text = text.replace(`{${k}}`, String(v))
    return text
  }

  private service(id: unknown): string {
    const s = this.names.services.find((x) => x.id === id)
    return s ? `${s.code} – ${this.lang === 'en' && s.nameEn ? s.nameEn : s.nameVi}` : this.word('deleted')
  }

  private counter(id: unknown): string {
    const c = this.names.counters.find((x) => x.id === id)
    return c ? c.name || this.word('counter', { n: c.number }) : this.word('deleted')
  }

  private user(id: unknown): string {
    const u = this.names.users.find((x) => x.id === id)
    return u ? `${u.displayName} (${u.username})` : this.word('deleted')
  }

  private group(id: unknown): string {
    const g = this.names.priorityGroups.find((x) => x.id === id)
    return g ? (this.lang === 'en' && g.nameEn ? g.nameEn : g.nameVi) : this.word('deleted')
  }

  private device(id: unknown): string {
    return this.names.devices.find((x) => x.id === id)?.name ?? this.word('deleted')
  }

  /** What the entry is about, by name; for a deleted object, the name its detail kept. */
  target(e: AuditEntryView): string {
    const d = e.detail ?? {}
    const kept = (...keys: string[]) =>
      keys
        .map((k) => d[k])
        .filter((v) => typeof v === 'string' || typeof v === 'number')
        .join(' – ')
    const known = <T extends { id: number }>(list: T[]) => list.some((x) => x.id === e.targetId)
    switch (e.targetType) {
      case 'service':
        return quoted(known(this.names.services) ? this.service(e.targetId) : kept('code', 'nameVi') || this.word('deleted'))
      case 'counter':
        return quoted(
          known(this.names.counters) ? this.counter(e.targetId) : d.number !== undefined ? this.word('counter', { n: String(d.number) }) : this.word('deleted'),
        )
      case 'user':
        return quoted(known(this.names.users) ? this.user(e.targetId) : kept('username') || this.word('deleted'))
      case 'priority_group':
        return quoted(known(this.names.priorityGroups) ? this.group(e.targetId) : kept('nameVi', 'code') || this.word('deleted'))
      case 'device':
        return quoted(known(this.names.devices) ? this.device(e.targetId) : kept('name') || this.word('deleted'))
      case 'site':
        return quoted(this.names.site)
      default:
        return ''
    }
  }

  private list(ids: unknown, name: (id: unknown) => string): string {
    if (!Array.isArray(ids)) return ''
    return ids.length === 0 ? this.word('all') : ids.map(name).join(', ')
  }

  private hours(h: unknown): string {
    if (h === null || typeof h !== 'object') return this.word('allDay')
    const { days, periods } = h as { days?: number[]; periods?: { from: string; to: string }[] }
    const dayNames = (days ?? []).map((d) => t(this.lang, `day${d}` as AdminKey)).join(', ')
    const times = (periods ?? []).map((p) => `${p.from}–${p.to}`).join(', ')
    return `${dayNames} ${times}`.trim()
  }

  /** One field's value in words, or '' when it has none worth showing. */
  value(key: string, v: unknown): string {
    const enumKey = ENUMS[key]?.[String(v)]
    if (enumKey) return t(this.lang, enumKey)
    switch (key) {
      case 'active':
        return this.word(v ? 'active' : 'inactive')
      case 'targetWaitMinutes':
      case 'defaultServiceMinutes':
        return typeof v === 'number' ? t(this.lang, 'minutes', { n: v }) : ''
      case 'dailyCap':
        return v === null ? this.word('unlimited') : String(v)
      case 'hours':
        return this.hours(v)
      case 'serviceIds':
        return this.list(v, (id) => this.service(id))
      case 'counterIds':
        return this.list(v, (id) => this.counter(id))
      case 'deviceId':
        return quoted(this.device(v))
      case 'languages':
        return Array.isArray(v)
          ? v.map((l) => (l === 'en' ? (this.lang === 'vi' ? 'tiếng Anh' : 'English') : this.lang === 'vi' ? 'tiếng Việt' : 'Vietnamese')).join(', ')
          : ''
      case 'reason':
        return v === 'has_tickets' ? this.word('hasTickets') : ''
      case 'status':
        return v === 'printed' ? this.word('printed') : v === 'failed' ? this.word('failed') : ''
      case 'printer': {
        const p = (v ?? {}) as { kind?: string; url?: string; paperWidth?: number }
        if (p.kind === 'network') return `${t(this.lang, 'printerNetwork')} ${p.url ?? ''} · ${p.paperWidth ?? ''} mm`
        if (p.kind === 'browser') return `${t(this.lang, 'printerBrowser')} · ${p.paperWidth ?? ''} mm`
        return t(this.lang, 'printerNone')
      }
      case 'closedDays': {
        if (!Array.isArray(v)) return ''
        if (v.length > 6) return this.word('daysCount', { n: v.length })
        return v.length === 0
          ? this.word('none')
          : v.map((c: { day: string; name?: string }) => (c.name ? `${dayToText(c.day)} (${c.name})` : dayToText(c.day))).join(', ')
      }
      case 'config':
        return v && typeof v === 'object' ? this.fields(v as Record<string, unknown>).join('; ') : ''
    }
    if (v === null || v === undefined || v === '') return this.word('none')
    if (typeof v === 'string') return quoted(v)
    if (typeof v === 'number') return new Intl.NumberFormat(this.lang === 'en' ? 'en-GB' : 'vi-VN').format(v)
    return ''
  }

  /** `target`: the name the sentence already gives; a field that only repeats it is left out. */
  private fields(detail: Record<string, unknown>, skip: string[] = [], target = ''): string[] {
    return Object.entries(detail)
      .filter(([k]) => !skip.includes(k) && k !== 'password' && (AUDIT_FIELDS[k] || k === 'config'))
      .filter(([, v]) => !(typeof v === 'string' && v !== '' && target.includes(v)))
      .map(([k, v]) => {
        const text = this.value(k, v)
        if (!text) return ''
        return k === 'config' ? text : `${AUDIT_FIELDS[k]![this.lang]} ${text}`
      })
      .filter((s) => s !== '')
  }

  /** The whole sentence, ending with a full stop. */
  sentence(e: AuditEntryView): string {
    const target = this.target(e)
    const head = `${actionLabel(e.action, this.lang)}${target ? ` ${target}` : ''}`
    const d = e.detail ?? {}
    // The fields the target's name already says (a service's code, a counter's number) are not repeated.
    const skip = [
      'username',
      ...(e.targetType === 'service' || e.targetType === 'priority_group' ? ['code'] : []),
      ...(e.targetType === 'counter' ? ['number'] : []),
    ]
    const parts = TARGET_ONLY.test(e.action) ? this.fields(d, [...skip, ...Object.keys(d).filter((k) => k !== 'reason')]) : this.fields(d, skip, target)
    return parts.length ? `${head}: ${parts.join('; ')}.` : `${head}.`
  }
}
