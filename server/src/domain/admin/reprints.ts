/** A reprint changes nothing in the queue, but staff printing a ticket again is on the record. */
import type { Command } from '../runner.js'

export const recordReprint: Command<{ ticketId: number; deviceId: number; status: string }, null> = async (_ctx, { ticketId, deviceId, status }) => ({
  result: null,
  audit: { action: 'ticket.reprint', targetType: 'ticket', targetId: ticketId, detail: { deviceId, status } },
})
