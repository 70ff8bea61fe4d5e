/**
 * End of the service day. Whatever is still waiting, called or being served on an earlier day
 * is closed (status `closed`, the status it had kept in the event log), so numbering and queues
 * start clean. Runs at start-up and whenever the local date changes.
 */
import { STEPS } from '../../../shared/lifecycle.js'
import type { Repositories } from '../db/store.js'
import { loadSite } from './counter-lookups.js'
import type { Command } from './runner.js'
import { addDays, serviceDayOf } from '../../../shared/local-time.js'

export interface CloseDayResult {
  serviceDay: string
  closedTicketIds: number[]
}

/** Closes every live ticket of days before the current one (or of `throughDay` and before, when given). */
export const closeDay: Command<{ throughDay?: string }, CloseDayResult> = async (ctx, input) => {
  const site = await loadSite(ctx)
  const today = serviceDayOf(ctx.now, site.timeZone)
  const through = input.throughDay ?? null
  const live = await ctx.tx.tickets.liveBefore(ctx.siteId, through === null ? today : nextDay(through))
  const closedDay = through ?? previousDay(today)
  await ctx.tx.sites.setLastClosedDay(ctx.siteId, closedDay)
  if (live.length === 0) return { result: { serviceDay: closedDay, closedTicketIds: [] } }
  const ids = live.map((t) => t.id)
  await ctx.tx.tickets.closeAll(ids, ctx.now)
  await ctx.tx.counters.resetStreaks(ctx.siteId, ctx.now)
  return {
    result: { serviceDay: closedDay, closedTicketIds: ids },
    events: [
      {
        name: STEPS.closeDay.event,
        data: { closed: live.map((t) => [t.id, t.status]) },
        payload: { serviceDay: closedDay, closedTicketIds: ids },
      },
    ],
  }
}

/** Whether a site still has live tickets of a day before today (a read: no lock, no write). */
export async function hasEndedDay(r: Repositories, siteId: number, now: number): Promise<boolean> {
  const site = await r.sites.get(siteId)
  if (!site) return false
  return (await r.tickets.liveBefore(siteId, serviceDayOf(now, site.timeZone))).length > 0
}

const nextDay = (day: string) => addDays(day, 1)
const previousDay = (day: string) => addDays(day, -1)
