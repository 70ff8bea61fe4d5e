/** The waiting-room display: everything starts from the one element in index.html. */
import './qms-display-app.js'
