/** Views and inputs of the administration API, shared by the server and the admin screens. */
import type { RatingReason, RatingScale } from './ratings.js'
import type { Static } from 'typebox'
import type { CallStrategy, Language, NumberingKind, NumberReading, Role } from './constants.js'
import type { AdminServiceViewSchema, AuditEntryViewSchema, AuditNamesSchema, AuditPageSchema } from './schemas.js'
import type { PROCEDURE_IMPORT_ERRORS, ProcedureImportResultSchema, ProcedureImportRowSchema } from './schemas.js'
import type { ClosedDay, OpeningHours } from './types.js'

/** A service as administrators edit it: the public view plus the estimate default. */
export type AdminServiceView = Static<typeof AdminServiceViewSchema>

export type ProcedureImportRow = Static<typeof ProcedureImportRowSchema>
export type ProcedureImportResult = Static<typeof ProcedureImportResultSchema>
export type ProcedureImportError = (typeof PROCEDURE_IMPORT_ERRORS)[number]

/** A procedure as an administrator adds or edits it. */
export interface ProcedureInput {
  serviceId: number
  code: string
  nameVi: string
  nameEn?: string
  papers?: string[]
  active?: boolean
  sortOrder?: number
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
  /** Minutes a set-aside ticket waits before it comes back to its officer's attention. */
  asideAlertMinutes?: number
  numberReading?: NumberReading
  /** Counters must record an outcome before finishing a visit. */
  outcomeRequired?: boolean
  closedDays?: ClosedDay[]
  address?: string
  hours?: OpeningHours | null
  languages?: Language[]
  ratingScale?: RatingScale
  ratingReasons?: RatingReason[]
}

/** What only the province changes about a centre: its code and whether it runs. */
export interface CentreSettingsInput extends SiteSettingsInput {
  code?: string
  active?: boolean
}

/** A new centre: its settings, and where its services, counters and priority groups come from. */
export interface NewCentreInput {
  name: string
  nameEn?: string
  code: string
  address?: string
  timeZone?: string
  hours?: OpeningHours | null
  closedDays?: ClosedDay[]
  ticketFooter?: string
  languages?: Language[]
  /** Copy another centre's set-up (services, counters, priority groups, closed days, footer)… */
  copyFrom?: number
  /** …or take these fields from the province's catalogue (one counter each). */
  catalogue?: string[]
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

export type AuditEntryView = Static<typeof AuditEntryViewSchema>

export type AuditPage = Static<typeof AuditPageSchema>

/** The site's objects by id, for the audit log's sentences. */
export type AuditNames = Static<typeof AuditNamesSchema>
