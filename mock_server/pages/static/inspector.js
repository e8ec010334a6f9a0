// The inspector, live: follows GET /_mock/journal/tail (the control plane's long-poll) and
// adds each new request at the top. Text goes in with textContent only; the one HTML that is
// inserted (a row's details) was rendered and escaped by the mock.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("inspector-config").textContent);
  var list = document.getElementById("entries");
  var form = document.getElementById("filters");
  var live = document.getElementById("live");
  var count = document.getElementById("count");
  var side = document.getElementById("side");
  var cursor = config.cursor;
  var rules = config.rules;
  var MAX_ROWS = 1000;

  function filters() {
    return {
      status: form.elements.status.value,
      violation: form.elements.violation.value,
      path: form.elements.path.value.trim().toLowerCase()
    };
  }

  // The same rules as Filters.keeps in mock_server/pages/_inspector.py.
  function keeps(row, f) {
    var status = row.dataset.status;
    if (f.status && !(status === f.status ||
        (f.status.slice(1) === "xx" && status.charAt(0) === f.status.charAt(0)))) {
      return false;
    }
    var violations = row.dataset.violations ? row.dataset.violations.split(" ") : [];
    if (f.violation === "any" && violations.length === 0) return false;
    if (f.violation && f.violation !== "any" && violations.indexOf(f.violation) < 0) return false;
    return row.dataset.path.indexOf(f.path) === 0;
  }

  function applyFilters() {
    var f = filters();
    var shown = 0;
    var rows = list.children;
    for (var i = 0; i < rows.length; i++) {
      var keep = keeps(rows[i], f);
      rows[i].hidden = !keep;
      if (keep) shown++;
    }
    count.textContent = shown + " of " + rows.length;
    var query = new URLSearchParams();
    if (f.status) query.set("status", f.status);
    if (f.violation) query.set("violation", f.violation);
    if (f.path) query.set("path", form.elements.path.value.trim());
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  function cell(row, cls, label, value) {
    var span = document.createElement("span");
    span.className = cls;
    var hidden = document.createElement("span");
    hidden.className = "vh";
    hidden.textContent = label + ": ";
    span.appendChild(hidden);
    span.appendChild(document.createTextNode(value));
    row.appendChild(span);
    row.appendChild(document.createTextNode(" "));
  }

  function clockTime(seconds) {
    return new Date(seconds * 1000).toISOString().slice(11, 23);
  }

  function violationList(names) {
    var ul = document.createElement("ul");
    ul.className = "violations";
    ul.setAttribute("aria-label", "Contract violations");
    names.forEach(function (name) {
      var li = document.createElement("li");
      var rule = rules[name];
      if (rule) {
        var strong = document.createElement("strong");
        strong.className = "rule";
        strong.textContent = rule.rule;
        li.appendChild(strong);
        li.appendChild(document.createTextNode(" "));
      }
      var code = document.createElement("code");
      code.textContent = name;
      li.appendChild(code);
      if (rule) {
        var fix = document.createElement("span");
        fix.textContent = " Fix: " + rule.fix;
        li.appendChild(fix);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  // The same row as entry_row in mock_server/pages/_inspector.py.
  function row(entry) {
    var status = entry.status ? String(entry.status) : "dropped";
    var li = document.createElement("li");
    li.className = "entry fresh" + (entry.violations.length ? " violated" : "");
    li.id = "entry-" + entry.seq;
    li.dataset.seq = entry.seq;
    li.dataset.status = status;
    li.dataset.path = entry.path.toLowerCase();
    li.dataset.violations = entry.violations.join(" ");
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    var cells = document.createElement("span");
    cells.className = "cells";
    var query = entry.query_names.length ? "?" + entry.query_names.join("&") : "";
    var places = entry.credentials.map(function (c) { return c.location; }).join(", ");
    var who = [entry.client_id, entry.user_id].filter(Boolean).join(" / ");
    cell(cells, "seq", "seq", "#" + entry.seq);
    cell(cells, "time", "time", clockTime(entry.time));
    cell(cells, "method", "method", entry.method);
    cell(cells, "path", "path", entry.path + query);
    cell(cells, "status s" + status.charAt(0), "status",
      status + (entry.error_code ? " " + entry.error_code : ""));
    cell(cells, "credential", "credential", places || "none");
    cell(cells, "token", "token", entry.token_kind || "-");
    cell(cells, "client", "client / user", who || "-");
    cell(cells, "duration", "duration", entry.duration_ms.toFixed(1) + " ms");
    summary.appendChild(cells);
    details.appendChild(summary);
    var detail = document.createElement("div");
    detail.className = "detail";
    detail.textContent = "Loading...";
    details.appendChild(detail);
    details.addEventListener("toggle", function () {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = "1";
      fetch("/_mock/ui/entries/" + encodeURIComponent(entry.seq), {
        credentials: "same-origin", headers: { "Accept": "text/html" }
      }).then(function (answer) { return answer.text(); })
        .then(function (html) { detail.innerHTML = html; })
        .catch(function () { detail.textContent = "Could not load the details."; });
    });
    li.appendChild(details);
    if (entry.violations.length) li.appendChild(violationList(entry.violations));
    return li;
  }

  function refreshSide() {
    fetch("/_mock/ui/side", { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) { if (html !== null) side.innerHTML = html; })
      .catch(function () {});
  }

  function add(entries) {
    var f = filters();
    entries.forEach(function (entry) {
      // The page and the tail may both bring a request that arrived while the page was made.
      if (document.getElementById("entry-" + entry.seq)) return;
      var li = row(entry);
      li.hidden = !keeps(li, f);
      list.insertBefore(li, list.firstChild);
    });
    while (list.children.length > MAX_ROWS) list.removeChild(list.lastChild);
    applyFilters();
  }

  var wait = 0; // the first poll answers at once: the page says "Live" as soon as it is

  function follow() {
    var url = "/_mock/journal/tail?cursor=" + encodeURIComponent(cursor) + "&wait=" + wait;
    wait = 20;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.json();
      })
      .then(function (page) {
        live.textContent = "Live: new requests appear at the top.";
        cursor = page.cursor;
        if (page.entries.length) {
          add(page.entries);
          refreshSide();
        }
        follow();
      })
      .catch(function (error) {
        live.textContent = "Not live (" + error.message + "); retrying.";
        setTimeout(follow, 2000);
      });
  }

  form.addEventListener("input", applyFilters);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    applyFilters();
  });
  setInterval(refreshSide, 5000);
  applyFilters();
  follow();
})();
