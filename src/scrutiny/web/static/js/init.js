// Marks the page as JavaScript-enabled for GOV.UK Frontend, then starts its components.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
document.addEventListener("DOMContentLoaded", function () {
  if (window.GOVUKFrontend && window.GOVUKFrontend.initAll) { window.GOVUKFrontend.initAll(); }
});
