"use strict";
(function () {
  var table = document.getElementById("comparison");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function key(row, col, numeric) {
    var v = row.cells[col].getAttribute("data-sort");
    if (v === null) { v = row.cells[col].textContent; }
    return numeric ? parseFloat(v) : v.toLowerCase();
  }

  function sortBy(col) {
    var th = headers[col];
    var numeric = th.getAttribute("data-type") === "num";
    var current = th.getAttribute("aria-sort");
    var dir;
    if (current === "ascending") { dir = "descending"; }
    else if (current === "descending") { dir = "ascending"; }
    else { dir = numeric ? "descending" : "ascending"; }
    var sign = dir === "ascending" ? 1 : -1;
    var sorted = rows.slice().sort(function (a, b) {
      var ka = key(a, col, numeric), kb = key(b, col, numeric);
      if (ka < kb) { return -sign; }
      if (ka > kb) { return sign; }
      return parseInt(a.getAttribute("data-order"), 10) - parseInt(b.getAttribute("data-order"), 10);
    });
    headers.forEach(function (h) { if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); } });
    th.setAttribute("aria-sort", dir);
    sorted.forEach(function (r) { tbody.appendChild(r); });
  }

  headers.forEach(function (th, col) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(col); }); }
  });

  var statusFilter = document.getElementById("status-filter");
  var textFilter = document.getElementById("vendor-filter");
  var shown = document.getElementById("shown");
  var details = Array.prototype.slice.call(document.querySelectorAll("[data-vendor-detail]"));

  function applyFilter() {
    var status = statusFilter.value;
    var text = textFilter.value.trim().toLowerCase();
    var visible = 0;
    function keep(el) {
      var okStatus = status === "" || el.getAttribute("data-status") === status;
      var okText = text === "" || (el.getAttribute("data-name") || "").indexOf(text) !== -1;
      return okStatus && okText;
    }
    rows.forEach(function (r) {
      var k = keep(r);
      r.classList.toggle("hidden-by-filter", !k);
      if (k) { visible++; }
    });
    details.forEach(function (d) { d.classList.toggle("hidden-by-filter", !keep(d)); });
    shown.textContent = visible + " of " + rows.length + " vendors shown";
  }

  statusFilter.addEventListener("change", applyFilter);
  textFilter.addEventListener("input", applyFilter);
  document.getElementById("controls").hidden = false;
  applyFilter();

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
