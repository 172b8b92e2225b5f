// Starts GOV.UK Frontend's components (header menu, error summary focus, buttons).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
