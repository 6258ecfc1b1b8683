// qiao's service worker, served from /sw.js so that it covers the whole site. It shows the
// notifications qiao pushes (a JSON payload: title, body, url, icon, tag, lang) and opens the
// notification's page, on this site only, when it is clicked.
"use strict";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function onThisSite(url) {
  try {
    var u = new URL(url, self.location.origin);
    if (u.origin === self.location.origin) return u.href;
  } catch (e) {
    // fall through
  }
  return self.location.origin + "/";
}

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (e) {
      data = { body: event.data.text() };
    }
  }
  var options = {
    body: data.body || "",
    data: { url: onThisSite(data.url || "/") }
  };
  if (data.tag) options.tag = data.tag;
  if (data.icon) options.icon = data.icon;
  if (data.lang) options.lang = data.lang;
  event.waitUntil(self.registration.showNotification(data.title || self.location.host, options));
});

// A push service that renews a subscription: the follows move to the new one (the old
// subscription's endpoint and secret prove whose they are).
self.addEventListener("pushsubscriptionchange", function (event) {
  var old = event.oldSubscription;
  if (!old) return;
  var held = old.toJSON();
  var renewed = event.newSubscription
    ? Promise.resolve(event.newSubscription)
    : self.registration.pushManager.subscribe(old.options);
  event.waitUntil(renewed.then(function (sub) {
    return fetch("/push/renew", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        old: { endpoint: held.endpoint, auth: held.keys && held.keys.auth },
        new: sub.toJSON()
      })
    });
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = onThisSite((event.notification.data && event.notification.data.url) || "/");
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === url && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
