// Marks the page as JavaScript-enabled for GOV.UK Frontend (its components start in start.mjs).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
