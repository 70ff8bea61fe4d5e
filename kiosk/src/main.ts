/** The ticket kiosk: everything starts from the one element in index.html. */
import './qms-kiosk-app.js'
