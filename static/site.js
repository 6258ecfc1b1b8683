// Public pages: a "Copy" button beside the article's link. Without JavaScript the link stays a
// read-only field that can be selected and copied by hand. Its words come from the page (the
// field's data-copy, data-copied and data-copy-failed), in the page's language.
(function () {
  "use strict";
  var field = document.querySelector(".copy-link input");
  if (!field) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  var words = {
    copy: field.getAttribute("data-copy"),
    copied: field.getAttribute("data-copied"),
    failed: field.getAttribute("data-copy-failed")
  };
  if (!words.copy || !words.copied || !words.failed) return;
  button.textContent = words.copy;
  var status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  field.parentNode.parentNode.insertBefore(button, field.parentNode.nextSibling);
  button.parentNode.insertBefore(status, button.nextSibling);
  field.addEventListener("focus", function () { field.select(); });
  function done(ok) {
    status.textContent = ok ? words.copied : words.failed;
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
