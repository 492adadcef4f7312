// Live preview of the minutes: after typing pauses, posts the editor form (with its CSRF
// token) to the preview URL and shows the returned document. The server sanitises the HTML.
(function () {
  var form = document.getElementById('minutes-form');
  var pane = document.getElementById('preview');
  if (!form || !pane) return;
  var timer = null;
  var seq = 0;
  function refresh() {
    var mine = ++seq;
    fetch(form.getAttribute('data-preview'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form))
    })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) {
        if (mine !== seq) return;
        pane.innerHTML = html;
        pane.removeAttribute('aria-busy');
        pane.removeAttribute('data-error');
      })
      .catch(function () {
        pane.removeAttribute('aria-busy');
        pane.setAttribute('data-error', 'แสดงตัวอย่างไม่ได้ชั่วคราว ข้อความที่พิมพ์ยังอยู่ครบ');
      });
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    pane.setAttribute('aria-busy', 'true');
    timer = setTimeout(refresh, 400);
  });
})();
