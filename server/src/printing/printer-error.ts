/**
 * Stable codes so the kiosk can tell the citizen something useful ("the printer is off,
 * please note your number") and the log can say which printer to check, without either
 * parsing socket error messages.
 */
export type PrinterErrorCode = 'printer_bad_url' | 'printer_unreachable' | 'printer_refused' | 'printer_timeout' | 'printer_busy' | 'printer_queue_closed'

export class PrinterError extends Error {
  readonly code: PrinterErrorCode

  constructor(code: PrinterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PrinterError'
    this.code = code
  }
}

export function isPrinterError(error: unknown): error is PrinterError {
  return error instanceof PrinterError
}
