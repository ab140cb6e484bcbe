// The wizard's forms keep what was typed across a switch of language (loaded by those pages only).
(function () {
  'use strict';
  // What was typed in a wizard form survives a switch of language: kept in this tab's session storage
  // for the same page, put back after the reload and then forgotten. Files cannot be kept by a browser.
  var keepKey = 'keep:' + location.pathname;
  var kept = document.querySelector('form[data-keep-on-language]');
  if (kept) {
    var saved = sessionStorage.getItem(keepKey);
    // Put back once every script of the page (e.g. the quality score) listens, so they see the values.
    var restore = function () {
      sessionStorage.removeItem(keepKey);
      try {
        var values = JSON.parse(saved);
        Array.prototype.forEach.call(kept.elements, function (field) {
          if (!field.name || !(field.name in values) || field.type === 'file' || field.type === 'hidden') return;
          if (field.type === 'checkbox' || field.type === 'radio') field.checked = values[field.name].indexOf(field.value) >= 0;
          else field.value = values[field.name][0];
          field.dispatchEvent(new Event('input', { bubbles: true }));
          field.dispatchEvent(new Event('change', { bubbles: true }));
        });
      } catch (e) { /* a damaged entry is ignored */ }
    };
    if (saved) {
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', restore); else restore();
    }
    var switcher = document.getElementById('language-switch');
    if (switcher) switcher.addEventListener('click', function () {
      var values = {};
      Array.prototype.forEach.call(kept.elements, function (field) {
        if (!field.name || field.type === 'file' || field.type === 'hidden' || field.type === 'submit') return;
        if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) { values[field.name] = values[field.name] || []; return; }
        (values[field.name] = values[field.name] || []).push(field.value);
      });
      sessionStorage.setItem(keepKey, JSON.stringify(values));
    });
  }

})();
