/* Autosave of a report step (tự động lưu nháp): every 30 seconds and when a field loses focus.
 *
 * Posts the step's fields with the revision the page was loaded at to data-autosave-url
 * (formbuilder/rounds/autosave.py), then keeps the new revision in the form so the next save,
 * and the "Lưu" buttons, build on it. A conflict (someone else saved) stops autosaving and
 * points to the conflict screen; nothing is ever overwritten from here. Without JavaScript the
 * page still works: the buttons save each step.
 *
 * The words shown come from the form's data-autosave-text-* attributes, written in the user's
 * language by the template (rounds/fill/step.html); the Vietnamese here is only a fallback.
 */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  var DEFAULT_TEXTS = {
    saving: "Đang lưu…",
    saved: "Đã lưu lúc {time}",
    conflictLink: "Xem hai bản và chọn bản giữ lại",
    failed: "Chưa tự động lưu được; bấm “Lưu nháp” để lưu.",
    offline: "Mất kết nối lúc {time}; sẽ thử lưu lại."
  };

  function texts(form) {
    var found = {};
    Object.keys(DEFAULT_TEXTS).forEach(function (name) {
      var attribute = "data-autosave-text-" + name.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
      found[name] = form.getAttribute(attribute) || DEFAULT_TEXTS[name];
    });
    return found;
  }

  function withTime(text, time) { return text.replace("{time}", time); }

  function start(form) {
    var url = form.getAttribute("data-autosave-url");
    var seconds = parseInt(form.getAttribute("data-autosave-seconds"), 10) || 30;
    var revisionInput = form.querySelector("[data-fill-revision]");
    var status = form.querySelector("[data-autosave-status]");
    var words = texts(form);
    var edits = 0;        // changes typed so far
    var savedEdits = 0;   // changes covered by the last successful save
    var pending = null;   // the save in flight, a Promise
    var stopped = false;
    var resubmitting = false;
    var submitting = false;

    function show(text, kind, link) {
      if (!status) return;
      status.textContent = text;
      status.className = "autosave-status" + (kind ? " " + kind : "");
      if (link) {
        var a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.text;
        status.appendChild(document.createTextNode(" "));
        status.appendChild(a);
      }
    }

    function payload() {
      var data = new FormData(form);
      var names = [];
      data.forEach(function (value, name) {
        // Files go with the buttons only; "Thêm dòng"/"Xóa dòng" and the buttons' names are not values.
        if ((typeof File !== "undefined" && value instanceof File) || name === "_fb_action" ||
            name === "hanh_dong" || name === "wizard_goto_step") names.push(name);
      });
      names.forEach(function (name) { data.delete(name); });
      return data;
    }

    function save() {
      if (stopped || pending || edits === savedEdits) return pending;
      var covering = edits;
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      show(words.saving, "busy");
      pending = fetch(url, {
        method: "POST", body: payload(), credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        return response.json().catch(function () { return { status: "error" }; });
      }).then(function (answer) {
        if (answer.status === "saved") {
          revisionInput.value = answer.revision;
          savedEdits = covering;
          show(answer.message || withTime(words.saved, answer.saved_at), "ok");
        } else if (answer.status === "conflict") {
          stopped = true;
          show(answer.message, "error", { href: answer.conflict_url, text: words.conflictLink });
        } else if (answer.status === "invalid") {
          show(answer.message + (answer.errors && answer.errors.length ? " (" + answer.errors[0] + ")" : ""), "warn");
        } else if (answer.status === "locked" || answer.status === "denied") {
          stopped = true;
          show(answer.message, "error");
        } else {
          show(words.failed, "warn");
        }
      }).catch(function () {
        var now = new Date();
        show(withTime(words.offline, pad(now.getHours()) + ":" + pad(now.getMinutes())), "warn");
      }).then(function () { pending = null; });
      return pending;
    }

    form.addEventListener("input", function () { edits += 1; });
    form.addEventListener("change", function () { edits += 1; });
    form.addEventListener("focusout", function (event) {
      var field = event.target;
      if (field && field.name && field.type !== "file" && field.type !== "submit") save();
    });
    window.setInterval(save, seconds * 1000);
    // Leaving by a link or closing the tab: send what was typed since the last save, if anything.
    window.addEventListener("pagehide", function () {
      if (!submitting && !stopped && edits !== savedEdits && navigator.sendBeacon) {
        navigator.sendBeacon(url, payload());
      }
    });

    // A button press waits for a save in flight, so it posts the revision that save produced.
    form.addEventListener("submit", function (event) {
      if (!pending || resubmitting) { submitting = true; return; }
      event.preventDefault();
      var submitter = event.submitter || null;
      pending.then(function () {
        resubmitting = true;
        if (form.requestSubmit) form.requestSubmit(submitter); else form.submit();
      });
    });
  }

  function init() {
    var forms = document.querySelectorAll("form.fill-form[data-autosave-url]");
    for (var i = 0; i < forms.length; i++) start(forms[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
