/**
 * The display as a device (shared/web/device-controller.ts: its token, site and pairing code),
 * plus its settings from the device record, kept through network errors.
 */
import type { ReactiveControllerHost } from 'lit'
import { DeviceController } from '../../shared/web/device-controller.js'
import type { DeviceMe } from '../../shared/web/device-token.js'
import { displaySettings, type DisplaySettings } from './board.js'

export class DisplayDeviceController extends DeviceController {
  settings: DisplaySettings = displaySettings(null)

  /** `needsCode`: besides a refused token, the display pairs anew when its socket is refused. */
  constructor(host: ReactiveControllerHost, needsCode: () => boolean) {
    super(host, 'display', { needsCode })
  }

  protected override loaded(me: DeviceMe): void {
    this.settings = displaySettings(me.device.config)
  }
}
