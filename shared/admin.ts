/** Views and inputs of the administration API, shared by the server and the admin screens. */
import type { CallStrategy, NumberingKind, NumberReading, Role } from './constants.js'
import type { ClosedDay, OpeningHours, ServiceView } from './types.js'

/** A service as administrators edit it: the public view plus the estimate default. */
export interface AdminServiceView extends ServiceView {
  defaultServiceMinutes: number
}

export interface ServiceInput {
  code: string
  nameVi: string
  nameEn: string
  numbering: NumberingKind
  prefix?: string
  digits?: number
  blockStart?: number
  blockEnd?: number
  hours?: OpeningHours | null
  dailyCap?: number | null
  targetWaitMinutes?: number
  defaultServiceMinutes?: number
  active?: boolean
  sortOrder?: number
}

export interface CounterInput {
  number: number
  name: string
  strategy?: CallStrategy
  serviceIds?: number[]
}

export interface SiteSettingsInput {
  name?: string
  nameEn?: string
  logoUrl?: string | null
  timeZone?: string
  ticketFooter?: string
  displayNotice?: string
  maxPriorityInRow?: number
  numberReading?: NumberReading
  closedDays?: ClosedDay[]
}

export interface UserInput {
  username: string
  displayName: string
  role: Role
  password: string
}

/** What `DELETE` did: removed, or kept but deactivated because tickets refer to it. */
export interface DeleteResult<T> {
  deleted: boolean
  item: T | null
}

export interface AuditEntryView {
  id: number
  at: number
  userId: number | null
  username: string | null
  displayName: string | null
  action: string
  targetType: string
  targetId: number | null
  detail: Record<string, unknown> | null
}

export interface AuditPage {
  entries: AuditEntryView[]
  total: number
  limit: number
  offset: number
  /** Names of what the entries refer to by id, so the log reads in words, not ids. */
  names?: AuditNames
}

/** The site's objects by id, for the audit log's sentences. */
export interface AuditNames {
  site: string
  services: { id: number; code: string; nameVi: string; nameEn: string }[]
  counters: { id: number; number: number; name: string }[]
  users: { id: number; username: string; displayName: string }[]
  priorityGroups: { id: number; code: string; nameVi: string; nameEn: string }[]
  devices: { id: number; name: string }[]
}
