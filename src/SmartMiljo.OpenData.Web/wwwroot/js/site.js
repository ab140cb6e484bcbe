// Small progressive enhancements: the OData preview table and copy buttons. Everything else is HTML.
(function () {
  'use strict';

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var input = document.querySelector(button.getAttribute('data-copy'));
      if (!input) return;
      input.select();
      var done = function () {
        var original = button.textContent;
        button.textContent = button.getAttribute('data-copied');
        setTimeout(function () { button.textContent = original; }, 2000);
      };
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
      else { document.execCommand('copy'); done(); }
    });
  });

  var preview = document.getElementById('preview');
  if (!preview) return;
  var base = preview.getAttribute('data-odata');
  var size = parseInt(preview.getAttribute('data-page-size'), 10) || 10;
  var headers = Array.prototype.slice.call(preview.querySelectorAll('th[data-column]'));
  var columns = headers.map(function (th) { return th.getAttribute('data-column'); });
  var body = preview.querySelector('tbody');
  var status = preview.querySelector('[data-role=status]');
  var prev = preview.querySelector('[data-action=prev]');
  var next = preview.querySelector('[data-action=next]');
  var state = { skip: 0, sort: null, desc: false, total: 0 };

  function text(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') return value.coordinates ? value.coordinates.join(', ') : JSON.stringify(value);
    return String(value);
  }

  function load() {
    var url = base + '?$top=' + size + '&$skip=' + state.skip + '&$count=true';
    if (state.sort) url += '&$orderby=' + encodeURIComponent(state.sort + (state.desc ? ' desc' : ' asc'));
    preview.setAttribute('aria-busy', 'true');
    fetch(url, { headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        state.total = data['@odata.count'] || 0;
        body.textContent = '';
        data.value.forEach(function (row) {
          var tr = document.createElement('tr');
          columns.forEach(function (c) {
            var td = document.createElement('td');
            td.textContent = text(row[c]);
            tr.appendChild(td);
          });
          body.appendChild(tr);
        });
        var from = state.total === 0 ? 0 : state.skip + 1;
        var to = Math.min(state.skip + size, state.total);
        status.textContent = preview.getAttribute('data-text-page').replace('{from}', from).replace('{to}', to).replace('{total}', state.total);
        prev.disabled = state.skip === 0;
        next.disabled = state.skip + size >= state.total;
      })
      .catch(function () { status.textContent = preview.getAttribute('data-text-error'); })
      .finally(function () { preview.removeAttribute('aria-busy'); });
  }

  headers.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var column = th.getAttribute('data-column');
      state.desc = state.sort === column ? !state.desc : false;
      state.sort = column;
      state.skip = 0;
      headers.forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', state.desc ? 'descending' : 'ascending');
      load();
    });
  });
  prev.addEventListener('click', function () { state.skip = Math.max(0, state.skip - size); load(); });
  next.addEventListener('click', function () { state.skip += size; load(); });
  load();
})();
