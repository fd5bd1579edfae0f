// hai site: sort and filter the portfolio table. Without this script the table is complete
// and readable; the filter form stays hidden. No network, no dependencies, no inline code.
"use strict";

(function () {
  function text(cell) {
    return cell ? (cell.getAttribute("data-value") || "") : "";
  }

  function setupSorting(table) {
    var heads = table.querySelectorAll("thead th[data-key]");
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", th.getAttribute("data-sort-label") || th.textContent);
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-kind") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = text(a.cells[column]);
          var y = text(b.cells[column]);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setupFilters(table, form) {
    var q = form.querySelector("#filter-q");
    var phase = form.querySelector("#filter-phase");
    var department = form.querySelector("#filter-department");
    var gate = form.querySelector("#filter-gate");
    var overdue = form.querySelector("#filter-overdue");
    var shown = form.querySelector("#shown");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function apply() {
      var needle = q.value.trim().toLowerCase();
      var count = 0;
      rows.forEach(function (row) {
        var blocked = (row.getAttribute("data-blocked") || "").split(" ");
        var visible =
          (!phase.value || row.getAttribute("data-phase") === phase.value) &&
          (!department.value || row.getAttribute("data-department") === department.value) &&
          (!gate.value || blocked.indexOf(gate.value) >= 0) &&
          (!overdue.checked || row.getAttribute("data-overdue") === "yes") &&
          (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0);
        row.hidden = !visible;
        if (visible) { count += 1; }
      });
      shown.textContent = shown.getAttribute("data-template")
        .replace("{n}", String(count)).replace("{t}", String(rows.length));
    }

    [q, phase, department, gate, overdue].forEach(function (control) {
      control.addEventListener("input", apply);
      control.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("portfolio");
    var form = document.getElementById("filters");
    if (table && form) {
      setupSorting(table);
      setupFilters(table, form);
    }
  });
})();
