/** Every word the waiting-room display shows, in Vietnamese and English. */
import { translator, type Catalogue } from '../../shared/web/i18n.js'

export type MessageKey =
  | 'nowCalling'
  | 'inviteNumber'
  | 'goToCounter'
  | 'counter'
  | 'counterShort'
  | 'currentNumber'
  | 'counters'
  | 'recentCalls'
  | 'waiting'
  | 'waitingCount'
  | 'statusCalling'
  | 'statusServing'
  | 'statusIdle'
  | 'statusPaused'
  | 'statusClosed'
  | 'noCallsYet'
  | 'offline'
  | 'connecting'
  | 'enableSound'
  | 'soundBlocked'
  | 'unpairedTitle'
  | 'unpairedBody'
  | 'revokedTitle'
  | 'revokedBody'
  | 'notDisplayTitle'
  | 'notDisplayBody'
  | 'retrying'
  | 'notice'
  | 'waitForCall'
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

export const MESSAGES: Catalogue<MessageKey> = {
  vi: {
    nowCalling: 'Đang gọi',
    inviteNumber: 'Mời công dân có số',
    goToCounter: 'đến quầy số',
    counter: 'Quầy',
    counterShort: 'Quầy',
    currentNumber: 'Số đang phục vụ',
    counters: 'Quầy tiếp nhận',
    recentCalls: 'Số vừa gọi',
    waiting: 'Đang chờ',
    waitingCount: '{n} người chờ',
    statusCalling: 'Đang mời',
    statusServing: 'Đang phục vụ',
    statusIdle: 'Sẵn sàng',
    statusPaused: 'Tạm dừng',
    statusClosed: 'Đóng',
    noCallsYet: 'Chưa có số nào được gọi',
    offline: 'Mất kết nối – đang kết nối lại',
    connecting: 'Đang kết nối máy chủ…',
    enableSound: 'Bật âm thanh',
    soundBlocked: 'Trình duyệt đang chặn âm thanh gọi số',
    unpairedTitle: 'Màn hình chưa được đăng ký',
    unpairedBody: 'Quản trị viên ghép nối màn hình này với hệ thống bằng mã đang hiện trên màn hình.',
    revokedTitle: 'Màn hình đã bị thu hồi',
    revokedBody: 'Mã đăng ký của màn hình này không còn hiệu lực. Quản trị viên cần đăng ký lại thiết bị.',
    notDisplayTitle: 'Đây là đường dẫn của máy lấy số',
    notDisplayBody:
      'Màn hình này được mở bằng đường dẫn đăng ký của một máy lấy số, không phải của màn hình hiển thị. Quản trị viên hãy mở đường dẫn …/display/#token=… của một màn hình.',
    retrying: 'Tự thử lại sau ít phút.',
    notice: 'Thông báo',
    waitForCall: 'Vui lòng chờ đến lượt',
    pairCodeLabel: 'Mã ghép nối',
    pairStep1: 'Trên máy tính của quản trị viên: Quản trị → Thiết bị → “Ghép nối bằng mã”.',
    pairStep2: 'Nhập mã này, hoặc quét mã QR để mở thẳng trang xác nhận.',
    pairStep3: 'Màn hình tự chạy ngay khi mã được xác nhận, không cần thao tác trên thiết bị này.',
    pairValid: 'Mã dùng được trong {minutes} phút, hết hạn sẽ tự đổi mã mới.',
    pairAsking: 'Đang lấy mã ghép nối…',
    pairOffline: 'Chưa kết nối được máy chủ, đang thử lại…',
    pairQr: 'Quét để xác nhận',
    pairPaired: 'Đã ghép nối. Đang khởi động…',
    pairLink: 'Hoặc mở đường dẫn đăng ký …/display/#token=… trên thiết bị này.',
  },
  en: {
    nowCalling: 'Now calling',
    inviteNumber: 'Ticket number',
    goToCounter: 'please go to counter',
    counter: 'Counter',
    counterShort: 'Counter',
    currentNumber: 'Now serving',
    counters: 'Counters',
    recentCalls: 'Recent calls',
    waiting: 'Waiting',
    waitingCount: '{n} waiting',
    statusCalling: 'Calling',
    statusServing: 'Serving',
    statusIdle: 'Ready',
    statusPaused: 'Paused',
    statusClosed: 'Closed',
    noCallsYet: 'No number called yet',
    offline: 'Offline – reconnecting',
    connecting: 'Connecting to the server…',
    enableSound: 'Enable sound',
    soundBlocked: 'The browser is blocking call announcements',
    unpairedTitle: 'This display is not registered',
    unpairedBody: 'An administrator pairs this display with the system using the code it shows.',
    revokedTitle: 'This display was revoked',
    revokedBody: 'This display’s registration is no longer valid. An administrator needs to register the device again.',
    notDisplayTitle: 'This is a kiosk’s link',
    notDisplayBody:
      'This screen was opened with the registration link of a kiosk, not of a display. An administrator opens a display’s …/display/#token=… link instead.',
    retrying: 'Retrying in a few minutes.',
    notice: 'Notice',
    waitForCall: 'Please wait for your number',
    pairCodeLabel: 'Pairing code',
    pairStep1: 'On an administrator’s computer: Administration → Devices → “Pair with a code”.',
    pairStep2: 'Type this code, or scan the QR code to open the confirm page.',
    pairStep3: 'The display starts by itself once the code is confirmed; nothing to do on this device.',
    pairValid: 'Valid for {minutes} more min; a new code appears by itself.',
    pairAsking: 'Getting a pairing code…',
    pairOffline: 'Cannot reach the server; retrying…',
    pairQr: 'Scan to confirm',
    pairPaired: 'Paired. Starting…',
    pairLink: 'Or open the registration link …/display/#token=… on this device.',
  },
}

export const t = translator(MESSAGES)
