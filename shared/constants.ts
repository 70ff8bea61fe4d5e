/** Constants shared by the server and every front end. */

/** The ticket's statuses come from the lifecycle table (shared/lifecycle.ts). */
export { TICKET_STATUSES, type TicketStatus } from './lifecycle.js'

export const COUNTER_STATUSES = ['open', 'paused', 'closed'] as const
export type CounterStatus = (typeof COUNTER_STATUSES)[number]

export const CALL_STRATEGIES = ['service_order', 'longest_wait'] as const
export type CallStrategy = (typeof CALL_STRATEGIES)[number]

/**
 * A new counter's name: what citizens read on the display and the ticket, so in Vietnamese
 * whatever language the administrator's screen is in.
 */
export function defaultCounterName(number: number): string {
  return `Quầy ${number}`
}

export const NUMBERING_KINDS = ['prefix', 'block'] as const
export type NumberingKind = (typeof NUMBERING_KINDS)[number]

export const ROLES = ['admin', 'manager', 'staff'] as const
export type Role = (typeof ROLES)[number]

/** Roles over every centre of a province (beside a home centre, where `ROLES` apply). */
export const PROVINCE_ROLES = ['admin', 'manager'] as const
export type ProvinceRole = (typeof PROVINCE_ROLES)[number]

/** Languages a centre's kiosk and citizen pages can offer. */
export const LANGUAGES = ['vi', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** `rating`: a tablet on a counter's desk where the citizen rates the visit (kiosk/rating.html). */
export const DEVICE_KINDS = ['kiosk', 'display', 'rating'] as const
export type DeviceKind = (typeof DEVICE_KINDS)[number]

export const NUMBER_READINGS = ['whole', 'digits'] as const
export type NumberReading = (typeof NUMBER_READINGS)[number]

/**
 * What a visit came to, per procedure handled: a dossier received (it gets a case code in the
 * province's one-stop system), a result returned, guidance to complete the dossier (bổ sung hồ sơ),
 * a refusal with a reason, or information only.
 */
export const OUTCOME_KINDS = ['received', 'returned', 'supplement', 'refused', 'information'] as const
export type OutcomeKind = (typeof OUTCOME_KINDS)[number]
/** Outcomes that name a dossier: the case code (mã hồ sơ) is asked for. */
export const OUTCOMES_WITH_CASE_CODE: readonly OutcomeKind[] = ['received', 'returned']
/** A case code as the one-stop systems print it on the receipt (barcode): letters, digits, '.', '-', '/'. */
export const CASE_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9./-]{2,38}[A-Za-z0-9]$'

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh'

/** Header carrying the CSRF token on cookie-authenticated changes. */
export const CSRF_HEADER = 'x-csrf-token'
/** Header carrying a kiosk's idempotency key when it issues a ticket. */
export const IDEMPOTENCY_HEADER = 'idempotency-key'

/**
 * Stable error codes. Every 4xx response and every refused socket request carries one of these,
 * so front ends can translate them and tests can assert them.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'csrf_failed',
  'not_found',
  'rate_limited',
  'invalid_credentials',
  'account_disabled',
  'device_revoked',
  'service_not_found',
  'service_inactive',
  'service_closed',
  'service_outside_hours',
  'site_closed_today',
  'daily_cap_reached',
  'numbering_exhausted',
  'priority_group_not_found',
  'counter_not_found',
  'counter_closed',
  'counter_paused',
  'counter_busy',
  'counter_not_assigned',
  'counter_taken',
  'queue_empty',
  'ticket_not_found',
  'ticket_not_waiting',
  'ticket_not_called',
  'ticket_not_serving',
  'ticket_not_at_counter',
  'ticket_not_no_show',
  'ticket_wrong_service',
  'transfer_target_invalid',
  'report_bad_date',
  'report_range_reversed',
  'report_range_too_long',
  'report_unknown_filter',
  'self_change_refused',
  'wrong_password',
  'invalid_time_zone',
  'storage_unavailable',
  'internal_error',
  // Each refusal its own code (these were one `conflict`, or one code with several meanings).
  'ticket_reserved_elsewhere',
  'ticket_day_closed',
  'staff_busy_elsewhere',
  'counter_not_paused',
  'counter_not_held',
  'transfer_target_missing',
  'transfer_same_counter',
  'transfer_same_service',
  'service_code_taken',
  'numbering_prefix_taken',
  'numbering_block_overlap',
  'counter_number_taken',
  'counter_not_closed',
  'counter_has_history',
  'username_taken',
  'code_taken',
  'site_inactive',
  'priority_group_code_taken',
  'reprint_no_kiosk',
  'kiosk_no_network_printer',
  'pairing_code_unknown',
  'pairing_code_malformed',
  'pairing_code_expired',
  'pairing_code_used',
  'pairing_request_unknown',
  'pairing_kind_mismatch',
  'pairing_too_many_attempts',
  'pairing_busy',
  'ticket_not_set_aside',
  'procedure_not_found',
  'procedure_code_taken',
  'procedure_wrong_service',
  'outcome_required',
  'outcome_reason_required',
  'case_code_invalid',
  'case_code_required',
  'procedure_import_invalid',
  'rating_not_served',
  'rating_day_over',
  'rating_not_at_counter',
  'rating_level_not_offered',
  'rating_reason_unknown',
  'rating_device_no_counter',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
