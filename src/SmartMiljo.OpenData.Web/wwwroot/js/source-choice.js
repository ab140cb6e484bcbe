// The wizard's first step shows only the fields of the kind of source chosen (without scripts, all are shown).
(function () {
  'use strict';
  var radios = document.querySelectorAll('input[name="Choice"]');
  if (!radios.length) return;
  var show = function () {
    var checked = document.querySelector('input[name="Choice"]:checked');
    var choice = checked ? checked.value : 'fil';
    document.querySelectorAll('[data-for-choice]').forEach(function (block) {
      block.hidden = block.getAttribute('data-for-choice') !== choice;
    });
  };
  Array.prototype.forEach.call(radios, function (r) { r.addEventListener('change', show); });
  show();
})();
