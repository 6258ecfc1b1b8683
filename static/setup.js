// The setup form: the browser's own time zone instead of UTC, and a pinyin address suggested
// from a Chinese organization name (枫桥华人协会 → feng-qiao-hua-ren-xie-hui) until the person
// types one. Without JavaScript the form works as it is.
(function () {
  "use strict";
  var zone = document.querySelector("select[data-guess-zone]");
  if (zone && zone.value === "UTC" && window.Intl && Intl.DateTimeFormat) {
    var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && zone.querySelector('option[value="' + guess.replace(/"/g, "") + '"]')) {
      zone.value = guess;
    }
  }
  var slug = document.querySelector("input[data-suggest-from]");
  if (!slug) return;
  var name = document.querySelector('input[name="' + slug.getAttribute("data-suggest-from") + '"]');
  if (!name) return;
  var typed = slug.value !== "";
  slug.addEventListener("input", function () { typed = slug.value !== ""; });
  var timer = null;
  var asked = 0;
  name.addEventListener("input", function () {
    if (typed) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var n = ++asked;
      fetch("/setup/suggest-slug?name=" + encodeURIComponent(name.value), {
        headers: { "Accept": "application/json" }
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
        if (d && n === asked && !typed) slug.value = d.slug || "";
      }).catch(function () {});
    }, 250);
  });
})();
