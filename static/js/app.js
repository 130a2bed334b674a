// Marks the page as scripted (kept out of the HTML so the Content-Security-Policy
// can forbid inline scripts) and starts the GOV.UK Frontend components.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
