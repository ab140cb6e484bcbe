// Live metadata-quality score in the wizard: posts the form (with its anti-forgery token) to the
// page's Score handler whenever a field changes, and shows the result. Without JavaScript the score
// still updates on "Save draft".
(function () {
  'use strict';
  var form = document.getElementById('metadata-form');
  if (!form) return;
  var points = document.getElementById('quality-points');
  var band = document.getElementById('quality-band');
  var missing = document.getElementById('quality-missing');
  var timer = null;

  function update() {
    fetch(form.getAttribute('data-score-url'), { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (score) {
        points.textContent = score.points;
        band.textContent = score.band;
        missing.textContent = '';
        score.missing.forEach(function (hint) {
          var li = document.createElement('li');
          li.textContent = hint;
          missing.appendChild(li);
        });
      })
      .catch(function () { /* The score is a help; the form works without it. */ });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
})();
