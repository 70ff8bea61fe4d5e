import type { TicketPrintData } from '../../server/src/printing/ticket-image.js'

/** A realistic ticket from a provincial one-stop centre; override what a test is about. */
export function aTicket(overrides: Partial<TicketPrintData> = {}): TicketPrintData {
  return {
    siteName: 'Trung tâm Phục vụ hành chính công',
    serviceName: 'Đất đai',
    serviceNameEn: 'Land',
    number: '1023',
    priorityGroupName: 'Người cao tuổi',
    issuedAt: Date.UTC(2025, 4, 13, 1, 5),
    timeZone: 'Asia/Ho_Chi_Minh',
    waitingAhead: 4,
    estimatedWaitMinutes: 20,
    trackingUrl: 'https://hangcho.example.vn/t/8f3a2c1d',
    footer: 'Vui lòng giữ phiếu và chú ý màn hình, loa gọi số. Xin cảm ơn!',
    ...overrides,
  }
}
