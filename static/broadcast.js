// The broadcast page: a confirmation before sending or cancelling, the audience's size as it
// is chosen, and the progress of a broadcast being sent, updated in place every two seconds
// (rate and time left from what was sent between two looks). Without JavaScript the forms
// work, and reloading shows the figures.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });

  var form = document.querySelector("form[data-reach-url]");
  var reach = document.getElementById("broadcast-reach");
  if (form && reach) {
    var asked = 0;
    form.addEventListener("change", function () {
      var q = [];
      form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        q.push(encodeURIComponent(box.name) + "=" + encodeURIComponent(box.value));
      });
      var n = ++asked;
      fetch(form.getAttribute("data-reach-url") + "?" + q.join("&"), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
        if (d && n === asked) reach.textContent = d.text;
      }).catch(function () {});
    });
  }

  var panel = document.querySelector("[data-progress-url]");
  if (!panel) return;
  var url = panel.getAttribute("data-progress-url");
  var rateOut = document.getElementById("broadcast-rate");
  var leftOut = document.getElementById("broadcast-left");
  var badge = document.getElementById("broadcast-status");
  var unit = rateOut ? rateOut.getAttribute("data-unit") : "{n}";
  var last = null;
  var rate = null;

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function duration(secs) {
    secs = Math.max(0, Math.round(secs));
    var h = Math.floor(secs / 3600), m = Math.floor(secs % 3600 / 60), s = secs % 60;
    return (h ? h + ":" + two(m) : m) + ":" + two(s);
  }
  function show(d) {
    Object.keys(d.rows).forEach(function (key) {
      var row = panel.querySelector('[data-row="' + key + '"]');
      if (!row) return;
      Object.keys(d.rows[key]).forEach(function (name) {
        var cell = row.querySelector('[data-count="' + name + '"]');
        if (cell) cell.textContent = d.rows[key][name];
      });
    });
    if (badge) {
      badge.textContent = d.status_label;
      badge.className = "badge status-" + d.status;
    }
    var now = Date.now(), sent = d.rows.total.sent + d.rows.total.failed;
    if (last && now > last.at) {
      var r = (sent - last.sent) * 1000 / (now - last.at);
      rate = rate === null ? r : rate * 0.6 + r * 0.4;
    }
    last = { at: now, sent: sent };
    if (rateOut && rate !== null) rateOut.textContent = unit.replace("{n}", rate.toFixed(1));
    if (leftOut) {
      var pending = d.rows.total.pending;
      leftOut.textContent = d.finished || pending === 0 ? duration(0)
        : rate > 0 ? duration(pending / rate) : "—";
    }
    return d.finished;
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d && show(d)) return;
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
