// Public pages: "Get notifications" for the organization the page belongs to. The box stays
// hidden where the browser cannot do web push (no service worker, no PushManager, not a secure
// context). Its words and the VAPID key come from the box's data- attributes, in the page's
// language. The server is asked with the browser's endpoint and auth secret, never the endpoint
// alone; when the last organization is turned off, the browser's subscription is dropped too.
(function () {
  "use strict";
  var box = document.querySelector(".push-follow");
  if (!box) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window) || !window.isSecureContext) return;
  var org = box.getAttribute("data-org");
  var key = box.getAttribute("data-key");
  var token = box.getAttribute("data-token") || "";
  var lang = box.getAttribute("data-lang") || document.documentElement.lang;
  var words = {};
  ["on", "off", "test", "tested", "following", "stopped", "denied", "failed"].forEach(function (w) {
    words[w] = box.getAttribute("data-" + w) || "";
  });
  var toggle = box.querySelector(".push-toggle");
  var tester = box.querySelector(".push-test");
  var status = box.querySelector(".push-status");
  var following = false;

  function say(text) { status.textContent = text || ""; }
  function show(on) {
    following = on;
    toggle.textContent = on ? words.off : words.on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    tester.hidden = !on;
  }
  function keyBytes(b64) {
    var s = b64.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function held(sub) {
    var j = sub.toJSON();
    return { endpoint: j.endpoint, auth: j.keys && j.keys.auth };
  }
  function call(action, body) {
    return fetch("/push/" + encodeURIComponent(org) + "/" + action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept-Language": lang },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error((j.error && j.error.message) || words.failed);
        return j;
      });
    });
  }
  function ready() { return navigator.serviceWorker.ready; }
  function subscription() {
    return ready().then(function (reg) { return reg.pushManager.getSubscription(); });
  }
  function subscribe(reg) {
    var options = { userVisibleOnly: true, applicationServerKey: keyBytes(key) };
    return reg.pushManager.subscribe(options).catch(function (e) {
      // Only a subscription made with another key (the site's key changed) is replaced; any
      // other failure leaves the browser's subscription, and its other follows, alone.
      if (!e || e.name !== "InvalidStateError") throw e;
      return reg.pushManager.getSubscription().then(function (old) {
        return (old ? old.unsubscribe() : Promise.resolve()).then(function () {
          return reg.pushManager.subscribe(options);
        });
      });
    });
  }
  function turnOn() {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error(words.denied);
      return ready();
    }).then(function (reg) {
      return subscribe(reg);
    }).then(function (sub) {
      var body = sub.toJSON();
      body.language = lang;
      if (token) body.token = token;
      return call("subscribe", body);
    }).then(function () {
      show(true);
      say(words.following);
    });
  }
  function turnOff() {
    return subscription().then(function (sub) {
      if (!sub) { show(false); return null; }
      return call("unsubscribe", held(sub)).then(function (j) {
        show(false);
        say(words.stopped);
        if (j.others === 0) return sub.unsubscribe();
        return null;
      });
    });
  }

  box.hidden = false;
  show(false);
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return subscription();
  }).then(function (sub) {
    if (!sub) return null;
    return call("status", held(sub)).then(function (j) { show(!!j.following); });
  }).catch(function () { show(false); });

  toggle.addEventListener("click", function () {
    toggle.disabled = true;
    say("");
    (following ? turnOff() : turnOn()).catch(function (e) {
      say((e && e.message) || words.failed);
    }).then(function () { toggle.disabled = false; });
  });
  tester.addEventListener("click", function () {
    tester.disabled = true;
    say("");
    subscription().then(function (sub) {
      if (!sub) throw new Error(words.failed);
      return call("test", held(sub));
    }).then(function () {
      say(words.tested);
    }).catch(function (e) {
      say((e && e.message) || words.failed);
    }).then(function () { tester.disabled = false; });
  });
})();
