// Progressive enhancement for Buddhist-Era date fields: every <input data-be-date> keeps
// accepting typed dates (19/04/2565, 19 เมษายน 2565); a "ปฏิทิน" button beside it opens a small
// calendar in Thai with BE years (not the browser's CE date picker) and fills the field with the
// picked day as dd/mm/yyyy BE. Without JavaScript the text field works alone.
(function () {
  "use strict";
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var DAYS = ["จ", "อ", "พ", "พฤ", "ศ", "ส", "อา"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }
  // The date typed in the field as dd/mm/yyyy (BE), if any.
  function typed(field) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(field.value.trim());
    return m ? new Date(+m[3] - 543, +m[2] - 1, +m[1]) : null;
  }
  var n = 0;
  document.querySelectorAll("input[data-be-date]").forEach(function (field) {
    n += 1;
    var id = "be-cal-" + n;
    var open = el("button", { type: "button", "class": "secondary be-date-open", "aria-expanded": "false", "aria-controls": id }, "ปฏิทิน");
    var panel = el("div", { id: id, "class": "be-cal", hidden: "" });
    var month = el("select", { "aria-label": "เดือน" });
    var year = el("select", { "aria-label": "ปี พ.ศ." });
    MONTHS.forEach(function (name, i) { month.appendChild(el("option", { value: i }, name)); });
    var grid = el("div", { "class": "be-cal-grid", role: "group", "aria-label": "วันที่" });
    panel.appendChild(el("div", { "class": "be-cal-head" }));
    panel.firstChild.appendChild(month);
    panel.firstChild.appendChild(year);
    panel.appendChild(grid);
    function draw() {
      grid.textContent = "";
      DAYS.forEach(function (d) { grid.appendChild(el("span", { "class": "be-cal-dow", "aria-hidden": "true" }, d)); });
      var y = +year.value - 543, m = +month.value;
      var first = (new Date(y, m, 1).getDay() + 6) % 7;
      for (var i = 0; i < first; i += 1) { grid.appendChild(el("span", { "aria-hidden": "true" })); }
      var last = new Date(y, m + 1, 0).getDate();
      for (var d = 1; d <= last; d += 1) {
        var b = el("button", { type: "button", "aria-label": d + " " + MONTHS[m] + " " + (y + 543) }, String(d));
        b.addEventListener("click", (function (day) {
          return function () {
            field.value = pad(day) + "/" + pad(m + 1) + "/" + (y + 543);
            field.dispatchEvent(new Event("input", { bubbles: true }));
            panel.hidden = true;
            open.setAttribute("aria-expanded", "false");
            field.focus();
          };
        })(d));
        grid.appendChild(b);
      }
    }
    open.addEventListener("click", function () {
      var show = panel.hidden;
      if (show) {
        var at = typed(field) || new Date();
        var be = at.getFullYear() + 543;
        year.textContent = "";
        for (var y = be - 5; y <= be + 5; y += 1) { year.appendChild(el("option", { value: y }, String(y))); }
        year.value = String(be);
        month.value = String(at.getMonth());
        draw();
      }
      panel.hidden = !show;
      open.setAttribute("aria-expanded", show ? "true" : "false");
    });
    month.addEventListener("change", draw);
    year.addEventListener("change", draw);
    field.insertAdjacentElement("afterend", panel);
    field.insertAdjacentElement("afterend", open);
  });
})();
