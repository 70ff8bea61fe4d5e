/** Every word the kiosk shows, in Vietnamese and English. The paper ticket is always Vietnamese. */
import { translator, type Catalogue } from '../../shared/web/i18n.js'

export type MessageKey =
  | 'chooseService'
  | 'chooseServiceHint'
  | 'waitingCount'
  | 'nobodyWaiting'
  | 'estimatedWaitLabel'
  | 'closed'
  | 'reason_service_outside_hours'
  | 'reason_service_inactive'
  | 'reason_daily_cap_reached'
  | 'reason_numbering_exhausted'
  | 'reason_service_closed'
  | 'reason_site_closed_today'
  | 'closedTodayHeading'
  | 'closedTodayHint'
  | 'hoursLabel'
  | 'closedToast'
  | 'hoursAndPeriods'
  | 'priorityButton'
  | 'priorityButtonHint'
  | 'priorityTitle'
  | 'priorityHint'
  | 'priorityChosen'
  | 'priorityLabel'
  | 'cancel'
  | 'back'
  | 'issuing'
  | 'issuingSlow'
  | 'yourNumber'
  | 'service'
  | 'waitingAhead'
  | 'scanToFollow'
  | 'printPrinted'
  | 'printPending'
  | 'printBrowser'
  | 'printFailed'
  | 'printNone'
  | 'done'
  | 'issueFailedTitle'
  | 'issueFailedBody'
  | 'ok'
  | 'outOfServiceTitle'
  | 'outOfServiceBody'
  | 'reconnecting'
  | 'loading'
  | 'unpairedTitle'
  | 'unpairedBody'
  | 'unpairedSteps'
  | 'notKioskTitle'
  | 'notKioskBody'
  | 'notKioskSteps'
  | 'pairLead'
  | 'pairCodeLabel'
  | 'pairStep1'
  | 'pairStep2'
  | 'pairStep3'
  | 'pairValid'
  | 'pairAsking'
  | 'pairOffline'
  | 'pairQr'
  | 'pairPaired'
  | 'pairLink'
  | 'switchLanguage'
  | 'switchLanguageLabel'
  | 'issuedAt'
  | 'ticketNumberLabel'
  | 'ticketWaitingAhead'
  | 'ticketEstimatedWait'
  | 'ticketScan'
  | 'logoAlt'
  | 'noServices'
  | 'procedureTitle'
  | 'procedureHint'
  | 'procedureSearch'
  | 'procedureSearchResults'
  | 'procedureNoMatch'
  | 'procedureOther'
  | 'procedureOtherHint'
  | 'papersTitle'
  | 'papersNone'
  | 'papersPick'
  | 'takeNumber'
  | 'procedureLabel'
  | 'keyboardSpace'
  | 'keyboardBackspace'
  | 'keyboardClear'
  | 'keyboardHide'

export const MESSAGES: Catalogue<MessageKey> = {
  vi: {
    chooseService: 'Mời chọn lĩnh vực cần giải quyết',
    chooseServiceHint: 'Chạm vào một ô để lấy số thứ tự',
    waitingCount: '{n} người đang chờ',
    nobodyWaiting: 'Không có người chờ',
    estimatedWaitLabel: 'Thời gian chờ dự kiến',
    closed: 'Tạm ngừng cấp số',
    reason_service_outside_hours: 'Ngoài giờ cấp số',
    reason_service_inactive: 'Tạm ngừng tiếp nhận',
    reason_daily_cap_reached: 'Đã hết số trong ngày',
    reason_numbering_exhausted: 'Đã hết số trong ngày',
    reason_service_closed: 'Đã ngừng cấp số',
    reason_site_closed_today: 'Hôm nay nghỉ, không cấp số',
    closedTodayHeading: 'Hôm nay trung tâm nghỉ',
    closedTodayHint: 'Không cấp số thứ tự. Mời Ông/Bà quay lại vào ngày làm việc tiếp theo.',
    hoursLabel: 'Giờ cấp số',
    closedToast: 'Lĩnh vực “{service}” hiện chưa cấp số',
    hoursAndPeriods: '{days}, {periods}',
    priorityButton: 'Đối tượng ưu tiên',
    priorityButtonHint: 'Người cao tuổi, người khuyết tật, phụ nữ mang thai… chạm vào đây trước',
    priorityTitle: 'Ông/Bà thuộc đối tượng ưu tiên nào?',
    priorityHint: 'Cán bộ sẽ kiểm tra giấy tờ tại quầy.',
    priorityChosen: 'Số ưu tiên: {group}. Mời chọn lĩnh vực',
    priorityLabel: 'Ưu tiên',
    cancel: 'Hủy',
    back: 'Quay lại',
    issuing: 'Đang cấp số…',
    issuingSlow: 'Đang kết nối lại máy chủ, vui lòng chờ…',
    yourNumber: 'Số thứ tự',
    service: 'Lĩnh vực',
    waitingAhead: 'Số người chờ trước',
    scanToFollow: 'Quét mã để theo dõi lượt trên điện thoại',
    printPrinted: 'Mời nhận phiếu bên dưới',
    printPending: 'Đang in phiếu…',
    printBrowser: 'Mời nhận phiếu bên dưới',
    printFailed: 'Máy in gặp sự cố — vui lòng ghi nhớ số thứ tự',
    printNone: 'Vui lòng ghi nhớ số thứ tự',
    done: 'Xong',
    issueFailedTitle: 'Chưa lấy được số',
    issueFailedBody: 'Vui lòng thử lại. Nếu vẫn không được, xin liên hệ cán bộ hướng dẫn.',
    ok: 'Đồng ý',
    outOfServiceTitle: 'Tạm ngừng phục vụ',
    outOfServiceBody: 'Máy lấy số đang mất kết nối. Xin vui lòng chờ trong giây lát hoặc liên hệ cán bộ hướng dẫn.',
    reconnecting: 'Đang kết nối lại…',
    loading: 'Đang khởi động…',
    unpairedTitle: 'Thiết bị chưa được đăng ký',
    unpairedBody: 'Máy lấy số này chưa được đăng ký với hệ thống hoặc đã bị thu hồi.',
    unpairedSteps:
      'Quản trị viên: đăng ký máy lấy số trong trang quản trị (Thiết bị → Thêm), rồi mở đường dẫn …/kiosk/#token=… trên máy này. Máy sẽ tự ghi nhớ.',
    pairLead: 'Quản trị viên ghép nối máy lấy số này với hệ thống bằng mã ở trên.',
    pairCodeLabel: 'Mã ghép nối',
    pairStep1: 'Trên máy tính của quản trị viên: Quản trị → Thiết bị → “Ghép nối bằng mã”.',
    pairStep2: 'Nhập mã này, hoặc quét mã QR để mở thẳng trang xác nhận.',
    pairStep3: 'Máy lấy số tự khởi động ngay khi mã được xác nhận, không cần thao tác trên máy này.',
    pairValid: 'Mã dùng được trong {minutes} phút, hết hạn sẽ tự đổi mã mới.',
    pairAsking: 'Đang lấy mã ghép nối…',
    pairOffline: 'Chưa kết nối được máy chủ, đang thử lại…',
    pairQr: 'Quét để xác nhận',
    pairPaired: 'Đã ghép nối. Đang khởi động…',
    pairLink: 'Hoặc mở đường dẫn đăng ký …/kiosk/#token=… trên máy này.',
    notKioskTitle: 'Đây là đường dẫn của màn hình hiển thị',
    notKioskBody: 'Máy này được mở bằng đường dẫn đăng ký của một màn hình hiển thị, không phải của máy lấy số, nên chưa cấp số được.',
    notKioskSteps:
      'Quản trị viên: mở đường dẫn này trên màn hình hiển thị (…/display/#token=…); cho máy lấy số, đăng ký một máy lấy số trong trang quản trị (Thiết bị → Thêm) rồi mở đường dẫn …/kiosk/#token=… của nó.',
    switchLanguage: 'English',
    switchLanguageLabel: 'Switch to English',
    issuedAt: 'Lấy số lúc',
    ticketNumberLabel: 'SỐ THỨ TỰ',
    ticketWaitingAhead: 'Số người chờ trước',
    ticketEstimatedWait: 'Thời gian chờ dự kiến',
    ticketScan: 'Quét mã để theo dõi lượt trên điện thoại',
    logoAlt: 'Biểu trưng',
    noServices: 'Hiện chưa có lĩnh vực nào để lấy số.',
    procedureTitle: '{service}: chọn thủ tục',
    procedureHint: 'Chạm vào thủ tục để xem giấy tờ cần mang theo',
    procedureSearch: 'Tìm thủ tục — gõ không dấu cũng được',
    procedureSearchResults: 'Tìm thấy {count} thủ tục',
    procedureNoMatch: 'Không tìm thấy thủ tục phù hợp. Hãy thử từ khác, hoặc chọn “Thủ tục khác”.',
    procedureOther: 'Thủ tục khác / chưa rõ',
    procedureOtherHint: 'Lấy số ngay, cán bộ sẽ hướng dẫn',
    papersTitle: 'Giấy tờ cần mang theo',
    papersNone: 'Cán bộ sẽ hướng dẫn giấy tờ cần thiết.',
    papersPick: 'Chạm vào một thủ tục để xem giấy tờ cần mang theo, rồi lấy số.',
    takeNumber: 'Lấy số thứ tự',
    procedureLabel: 'Thủ tục',
    keyboardSpace: 'Dấu cách',
    keyboardBackspace: 'Xóa',
    keyboardClear: 'Xóa hết',
    keyboardHide: 'Ẩn bàn phím',
  },
  en: {
    chooseService: 'Please choose a service',
    chooseServiceHint: 'Touch a tile to take a number',
    waitingCount: '{n} waiting',
    nobodyWaiting: 'Nobody waiting',
    estimatedWaitLabel: 'Estimated wait',
    closed: 'Not issuing numbers',
    reason_service_outside_hours: 'Outside service hours',
    reason_service_inactive: 'Not offered now',
    reason_daily_cap_reached: 'No numbers left today',
    reason_numbering_exhausted: 'No numbers left today',
    reason_service_closed: 'Stopped issuing numbers',
    reason_site_closed_today: 'Closed today',
    closedTodayHeading: 'The centre is closed today',
    closedTodayHint: 'No numbers are issued. Please come back on the next working day.',
    hoursLabel: 'Hours',
    closedToast: '“{service}” is not issuing numbers now',
    hoursAndPeriods: '{days}, {periods}',
    priorityButton: 'Priority',
    priorityButtonHint: 'Elderly, people with disabilities, pregnant women… touch here first',
    priorityTitle: 'Which priority group are you in?',
    priorityHint: 'Staff will check your papers at the counter.',
    priorityChosen: 'Priority number: {group}. Now choose a service',
    priorityLabel: 'Priority',
    cancel: 'Cancel',
    back: 'Back',
    issuing: 'Issuing your number…',
    issuingSlow: 'Reconnecting to the server, please wait…',
    yourNumber: 'Your number',
    service: 'Service',
    waitingAhead: 'People ahead',
    scanToFollow: 'Scan to follow your turn on your phone',
    printPrinted: 'Please take your ticket below',
    printPending: 'Printing your ticket…',
    printBrowser: 'Please take your ticket below',
    printFailed: 'The printer has a problem — please remember your number',
    printNone: 'Please remember your number',
    done: 'Done',
    issueFailedTitle: 'No number was issued',
    issueFailedBody: 'Please try again. If it still fails, please ask a member of staff.',
    ok: 'OK',
    outOfServiceTitle: 'Out of service',
    outOfServiceBody: 'This kiosk has lost its connection. Please wait a moment or ask a member of staff.',
    reconnecting: 'Reconnecting…',
    loading: 'Starting…',
    unpairedTitle: 'This device is not registered',
    unpairedBody: 'This kiosk is not registered with the system, or its registration was revoked.',
    unpairedSteps:
      'Administrator: register the kiosk in the admin pages (Devices → Add), then open the …/kiosk/#token=… link on this machine. It remembers it.',
    pairLead: 'An administrator pairs this kiosk with the system using the code above.',
    pairCodeLabel: 'Pairing code',
    pairStep1: 'On an administrator’s computer: Administration → Devices → “Pair with a code”.',
    pairStep2: 'Type this code, or scan the QR code to open the confirm page.',
    pairStep3: 'The kiosk starts by itself once the code is confirmed; nothing to do on this machine.',
    pairValid: 'Valid for {minutes} more min; a new code appears by itself.',
    pairAsking: 'Getting a pairing code…',
    pairOffline: 'Cannot reach the server; retrying…',
    pairQr: 'Scan to confirm',
    pairPaired: 'Paired. Starting…',
    pairLink: 'Or open the registration link …/kiosk/#token=… on this machine.',
    notKioskTitle: 'This is a display’s link',
    notKioskBody: 'This machine was opened with the registration link of a display, not of a kiosk, so it cannot issue numbers.',
    notKioskSteps:
      'Administrator: open this link on the display (…/display/#token=…); for the kiosk, register a kiosk in the admin pages (Devices → Add) and open its …/kiosk/#token=… link.',
    switchLanguage: 'Tiếng Việt',
    switchLanguageLabel: 'Chuyển sang tiếng Việt',
    issuedAt: 'Issued at',
    ticketNumberLabel: 'YOUR NUMBER',
    ticketWaitingAhead: 'People ahead',
    ticketEstimatedWait: 'Estimated wait',
    ticketScan: 'Scan to follow your turn on a phone',
    logoAlt: 'Logo',
    noServices: 'No services are available yet.',
    procedureTitle: '{service}: choose a procedure',
    procedureHint: 'Touch a procedure to see the papers to bring',
    procedureSearch: 'Search procedures',
    procedureSearchResults: '{count} procedures found',
    procedureNoMatch: 'No procedure matches. Try another word, or choose “Other procedure”.',
    procedureOther: 'Other procedure / not sure',
    procedureOtherHint: 'Take a number now; staff will guide you',
    papersTitle: 'Papers to bring',
    papersNone: 'Staff will tell you which papers are needed.',
    papersPick: 'Choose a procedure to see the papers to bring, then take a number.',
    takeNumber: 'Take a number',
    procedureLabel: 'Procedure',
    keyboardSpace: 'Space',
    keyboardBackspace: 'Delete',
    keyboardClear: 'Clear',
    keyboardHide: 'Hide keyboard',
  },
}

export const t = translator(MESSAGES)

/** The reason codes of `/api/queue/availability` that have their own short text. */
const REASONS: Record<string, MessageKey | undefined> = {
  service_outside_hours: 'reason_service_outside_hours',
  service_inactive: 'reason_service_inactive',
  daily_cap_reached: 'reason_daily_cap_reached',
  numbering_exhausted: 'reason_numbering_exhausted',
  service_closed: 'reason_service_closed',
  site_closed_today: 'reason_site_closed_today',
}

/** Why a service cannot issue now, in a few words ("Ngoài giờ cấp số"). */
export function reasonText(reason: string | null | undefined, lang: 'vi' | 'en'): string {
  return t(lang, REASONS[reason ?? ''] ?? 'closed')
}

const WEEKDAYS: Record<'vi' | 'en', string[]> = {
  vi: ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
}

/** Opening hours as a citizen reads them: "Thứ Ba, Thứ Năm, 07:30–11:00". */
export function formatHours(hours: { days: number[]; periods: { from: string; to: string }[] }, lang: 'vi' | 'en'): string {
  const days = hours.days
    .filter((d) => d >= 1 && d <= 7)
    .map((d) => WEEKDAYS[lang][d])
    .join(', ')
  const periods = hours.periods.map((p) => `${p.from}–${p.to}`).join(', ')
  return t(lang, 'hoursAndPeriods', { days, periods })
}
