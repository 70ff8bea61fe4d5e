/** The staff web app: counter console, administration and reports behind one login. */
import './qms-staff-app.js'
