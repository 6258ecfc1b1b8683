// qiao editor: live preview, autosave of drafts, Ctrl/Cmd+S, a local backup of unsaved text,
// and image upload by drop or paste. Without this script the form still works: Save and
// Preview post the form. Its words come from the page, in the page's language: the form's
// data-msg-* attributes, where {time}, {error} and {name} stand for what the script fills in.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) return;
  var body = document.getElementById("body");
  var preview = document.getElementById("preview");
  var words = document.getElementById("words");
  var minutes = document.getElementById("minutes");
  var state = document.getElementById("save-state");
  var org = form.dataset.org;
  var canEdit = !!document.getElementById("save");
  var autosaveOn = form.dataset.autosave === "on";
  var csrf = form.querySelector("input[name=csrf_token]").value;

  function msg(key, values) {
    var text = form.getAttribute("data-msg-" + key) || "";
    if (values) {
      Object.keys(values).forEach(function (k) {
        text = text.split("{" + k + "}").join(String(values[k]));
      });
    }
    return text;
  }
  function articleId() { return form.dataset.article; }
  function backupKey() { return "qiao:draft:" + org + ":" + (articleId() || "new"); }
  function say(text, kind) {
    state.textContent = text;
    state.className = kind ? "save-" + kind : "";
  }
  function post(url, params, keepalive) {
    params.set("csrf_token", csrf);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: params.toString()
    });
  }

  // ---- Live preview -------------------------------------------------------------------
  var previewTimer = null, previewSeq = 0;
  function refreshPreview() {
    var seq = ++previewSeq;
    var p = new URLSearchParams();
    p.set("body_markdown", body.value);
    return post("/dashboard/" + org + "/preview", p).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r);
    }).then(function (data) {
      if (seq !== previewSeq) return false; // a newer preview is on its way
      preview.innerHTML = data.html; // sanitized by the server's pipeline
      words.textContent = data.words;
      minutes.textContent = data.minutes;
      preview.dataset.rendered = String(seq);
      return true;
    }).catch(function () { return false; /* the next keystroke retries */ });
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 300);
  }
  body.addEventListener("input", schedulePreview);
  var previewButton = document.getElementById("preview-button");
  // The live preview sits beside the text on a wide screen but below it on a phone, where
  // refreshing it in place would look like nothing happened: the button brings it into view
  // and says so.
  if (previewButton) previewButton.addEventListener("click", function (e) {
    e.preventDefault();
    refreshPreview().then(function (shown) {
      if (!shown) return;
      preview.scrollIntoView({ behavior: "smooth", block: "start" });
      preview.classList.add("just-updated");
      setTimeout(function () { preview.classList.remove("just-updated"); }, 1200);
      var state = document.getElementById("save-state");
      if (state) state.textContent = msg("preview-updated");
    });
  });

  // ---- Local backup: a crash or a closed tab loses nothing typed --------------------------
  function writeBackup() {
    if (!canEdit) return;
    try {
      localStorage.setItem(backupKey(), JSON.stringify({
        title: form.elements.title.value, body: body.value, at: Date.now()
      }));
    } catch (e) { /* storage full or disabled */ }
  }
  function clearBackup() { try { localStorage.removeItem(backupKey()); } catch (e) {} }
  function offerBackup() {
    var raw = null;
    try { raw = localStorage.getItem(backupKey()); } catch (e) {}
    if (!raw) return;
    var b;
    try { b = JSON.parse(raw); } catch (e) { clearBackup(); return; }
    if (b.body === body.value && b.title === form.elements.title.value) { clearBackup(); return; }
    var box = document.createElement("div");
    box.className = "flash flash-error";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = msg("backup", {
      time: new Date(b.at).toLocaleString(document.documentElement.lang || undefined)
    });
    var restore = document.createElement("button");
    restore.type = "button"; restore.className = "small"; restore.textContent = msg("restore");
    var discard = document.createElement("button");
    discard.type = "button"; discard.className = "small secondary"; discard.textContent = msg("discard");
    restore.addEventListener("click", function () {
      form.elements.title.value = b.title; body.value = b.body;
      box.remove(); markDirty(); refreshPreview();
    });
    discard.addEventListener("click", function () { clearBackup(); box.remove(); });
    box.append(p, restore, " ", discard);
    form.parentNode.insertBefore(box, form);
  }
  if (canEdit) offerBackup();

  // ---- Autosave and Ctrl/Cmd+S ------------------------------------------------------------
  var dirty = false, saving = false, stopped = false, saveTimer = null, firstDirtyAt = 0;
  function markDirty() {
    if (!canEdit) return;
    if (!dirty) firstDirtyAt = Date.now();
    dirty = true;
    writeBackup();
    if (autosaveOn && !stopped) {
      say(msg("unsaved"), "pending");
      clearTimeout(saveTimer);
      // Save two seconds after typing stops, and at least every ten seconds while typing.
      var wait = Math.max(0, Math.min(2000, 10000 - (Date.now() - firstDirtyAt)));
      saveTimer = setTimeout(function () { save(false); }, wait);
    } else {
      say(msg("unsaved-manual"), "pending");
    }
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  function showFieldErrors(fields) {
    form.querySelectorAll(".field-error[data-field]").forEach(function (el) {
      el.textContent = (fields && fields[el.dataset.field]) || "";
    });
  }

  function save(explicit, keepalive) {
    if (!canEdit || saving) return;
    if (!explicit && (!autosaveOn || stopped)) return;
    clearTimeout(saveTimer);
    saving = true;
    var params = new URLSearchParams(new FormData(form));
    params.delete("intent");
    if (explicit) params.set("explicit", "1");
    var id = articleId();
    var url = "/dashboard/" + org + "/articles/" + (id ? id + "/" : "") + "autosave";
    var sentBody = body.value, sentTitle = form.elements.title.value;
    say(msg("saving"), "pending");
    post(url, params, keepalive).then(function (r) {
      return r.json().then(function (data) { return { status: r.status, data: data }; },
        function () { return { status: r.status, data: {} }; });
    }).then(function (res) {
      saving = false;
      if (res.status === 200) {
        var d = res.data;
        form.elements.version.value = d.version;
        if (!id) {
          form.dataset.article = String(d.id);
          form.action = d.edit_url;
          try { localStorage.removeItem("qiao:draft:" + org + ":new"); } catch (e) {}
          history.replaceState(null, "", d.edit_url);
        }
        showFieldErrors(null);
        if (body.value === sentBody && form.elements.title.value === sentTitle) {
          dirty = false;
          clearBackup();
          say(msg("saved-at", { time: d.saved_at }), "ok");
        } else {
          markDirty();
        }
        return;
      }
      var err = (res.data && res.data.error) || {};
      if (res.status === 422) {
        showFieldErrors(err.fields);
        say(msg("not-saved", { error: err.message || msg("check-fields") }), "error");
      } else if (res.status === 409) {
        stopped = true;
        say(err.message || msg("conflict"), "error");
      } else if (res.status === 401) {
        say(msg("logged-out"), "error");
      } else {
        say(msg("retrying", { error: err.message || res.status }), "error");
        saveTimer = setTimeout(function () { save(explicit); }, 5000);
      }
    }).catch(function () {
      saving = false;
      say(msg("offline"), "error");
      saveTimer = setTimeout(function () { save(explicit); }, 5000);
    });
  }

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      save(true);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) save(false, true);
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && canEdit) { e.preventDefault(); e.returnValue = ""; }
  });
  form.addEventListener("submit", function () { dirty = false; clearBackup(); });

  // ---- Images: drop or paste into the text uploads them to the media library ----------------
  var zone = document.getElementById("dropzone");
  function insertAtCursor(text) {
    var start = body.selectionStart, end = body.selectionEnd;
    body.setRangeText(text, start, end, "end");
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function upload(file) {
    if (!/^image\//.test(file.type) && file.type !== "") return;
    var placeholder = "![" + msg("uploading", { name: file.name }) + "]()";
    insertAtCursor(placeholder);
    var data = new FormData();
    data.append("csrf_token", csrf);
    data.append("file", file, file.name);
    fetch("/dashboard/" + org + "/media", {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf }, body: data
    }).then(function (r) {
      return r.json().then(function (d) { return { ok: r.ok, data: d }; });
    }).then(function (res) {
      var replacement = res.ok
        ? "![" + (res.data.alt || "") + "](" + res.data.body_url + ")"
        : "";
      body.value = body.value.replace(placeholder, replacement);
      if (!res.ok) {
        say(msg("image-failed", { error: (res.data.error || {}).message || msg("image-error") }), "error");
      }
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }).catch(function () {
      body.value = body.value.replace(placeholder, "");
      say(msg("image-offline"), "error");
    });
  }
  if (canEdit) {
    if (zone) zone.hidden = false;
    body.addEventListener("dragover", function (e) { e.preventDefault(); body.classList.add("dragging"); });
    body.addEventListener("dragleave", function () { body.classList.remove("dragging"); });
    body.addEventListener("drop", function (e) {
      body.classList.remove("dragging");
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      e.preventDefault();
      Array.prototype.forEach.call(e.dataTransfer.files, upload);
    });
    body.addEventListener("paste", function (e) {
      var files = e.clipboardData && e.clipboardData.files;
      if (!files || !files.length) return;
      e.preventDefault();
      Array.prototype.forEach.call(files, upload);
    });
  }
})();
