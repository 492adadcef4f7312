// Progressive enhancement for Buddhist-Era date fields: every <input data-be-date> keeps
// accepting typed dates (19/04/2565, 19 เมษายน 2565); a calendar picker beside it fills the
// field with the picked day in BE. Without JavaScript the text field works alone.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  document.querySelectorAll("input[data-be-date]").forEach(function (field) {
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "be-date-picker";
    picker.setAttribute("aria-label", "เลือกวันที่จากปฏิทิน");
    picker.tabIndex = -1;
    picker.addEventListener("change", function () {
      var p = picker.value.split("-");
      if (p.length === 3) {
        field.value = pad(+p[2]) + "/" + pad(+p[1]) + "/" + (+p[0] + 543);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    field.insertAdjacentElement("afterend", picker);
  });
})();
