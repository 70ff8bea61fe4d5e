/** The queue of one site as a screen needs it, with the sequence number it is current as of. */
import { RECENT_CALLS_KEPT } from '../../../shared/queue-state.js'
import type { QueueSnapshot } from '../../../shared/types.js'
import type { Repositories } from '../db/store.js'
import { loadSite } from './counter-lookups.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { counterViews, priorityGroupView, procedureView, serviceView, siteView, ticketView } from './views.js'

/** Run in one `store.read`, so the rows and the sequence number agree. */
export async function buildSnapshot(r: Repositories, siteId: number, now: number, publicUrl: string): Promise<QueueSnapshot> {
  const site = await loadSite({ tx: r, siteId })
  const serviceDay = serviceDayOf(now, site.timeZone)
  const live = await r.tickets.live(siteId)
  const recentCalls = await r.tickets.recentCalls(siteId, serviceDay, RECENT_CALLS_KEPT)
  return {
    siteId,
    seq: site.eventSeq,
    serviceDay,
    serverTime: now,
    site: siteView(site, publicUrl),
    services: (await r.services.all(siteId)).map(serviceView),
    priorityGroups: (await r.priorityGroups.all(siteId)).map(priorityGroupView),
    procedures: (await r.procedures.all(siteId)).filter((p) => p.active).map(procedureView),
    counters: await counterViews(r, siteId),
    tickets: live.map(ticketView),
    recentCalls,
  }
}
