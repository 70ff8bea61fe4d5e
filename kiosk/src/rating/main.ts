/** The rating device on a counter's desk (kiosk/rating.html): everything starts from its one element. */
import './qms-rating-app.js'
