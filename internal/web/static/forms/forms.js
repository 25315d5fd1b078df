// Form pages: after a failed post, move the focus to the error summary
// (GOV.UK pattern), so keyboard and screen-reader users start at the list
// of what to fix. Without this script the summary is still the first
// thing in the page's main content and announced as an alert.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
