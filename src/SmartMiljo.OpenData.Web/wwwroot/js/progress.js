// While a harvest runs, the source page asks a small JSON endpoint how it goes every few seconds,
// says so in a live region and reloads itself once the run has ended. Without JavaScript the page
// still shows the run; a reload shows the result.
(function () {
  'use strict';
  var box = document.getElementById('run-progress');
  if (!box || !window.fetch) return;
  var url = box.getAttribute('data-progress-url');
  function poll() {
    fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) return;
        if (!progress.running) { window.location.reload(); return; }
        box.textContent = progress.text;
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
