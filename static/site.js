// Public pages: a "Copy" button beside the article's link. Without JavaScript the link stays a
// read-only field that can be selected and copied by hand.
(function () {
  "use strict";
  var field = document.querySelector(".copy-link input");
  if (!field) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  var status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  field.parentNode.parentNode.insertBefore(button, field.parentNode.nextSibling);
  button.parentNode.insertBefore(status, button.nextSibling);
  field.addEventListener("focus", function () { field.select(); });
  function done(ok) {
    status.textContent = ok ? "Copied" : "Select the link and copy it";
    setTimeout(function () { status.textContent = ""; }, 3000);
  }
  function fallback() {
    field.focus();
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok);
  }
  button.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  });
})();
