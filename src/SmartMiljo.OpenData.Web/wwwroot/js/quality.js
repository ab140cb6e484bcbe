// Live metadata-quality score in the wizard: posts the form (with its anti-forgery token) to the page's
// Score handler whenever a field changes; the server scores the draft with the platform's one MQA scorer
// and answers the public page's own score display, which replaces the one shown. Without JavaScript the
// score still updates on "Save draft".
(function () {
  'use strict';
  var form = document.getElementById('metadata-form');
  var quality = document.getElementById('quality');
  if (!form || !quality) return;
  var timer = null;
  var asked = 0;

  function update() {
    var request = ++asked;
    fetch(form.getAttribute('data-score-url'), { method: 'POST', body: new FormData(form), headers: { Accept: 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        // An answer to an older request must not overwrite a newer one.
        if (request !== asked) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('mqa-score');
        var shown = document.getElementById('mqa-score');
        if (next && shown) shown.replaceWith(document.importNode(next, true));
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
