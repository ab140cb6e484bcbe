// The dataset map: the GeoJSON download drawn with Leaflet, close points clustered, a popup per point.
(function () {
  'use strict';
  var element = document.getElementById('map');
  if (!element || !window.L) return;
  // maxZoom is set here because the clusterer needs it even when no tile layer is configured.
  var map = L.map(element, { scrollWheelZoom: false, maxZoom: 19 });
  var tiles = element.getAttribute('data-tiles');
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' }).addTo(map);
  }
  map.setView([62.0, 15.0], 4);

  function popup(properties) {
    var dl = document.createElement('dl');
    Object.keys(properties || {}).slice(0, 12).forEach(function (key) {
      var value = properties[key];
      if (value === null || value === undefined || value === '') return;
      var dt = document.createElement('dt');
      dt.textContent = key;
      var dd = document.createElement('dd');
      dd.textContent = typeof value === 'object' ? JSON.stringify(value) : String(value);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    return dl;
  }

  fetch(element.getAttribute('data-geojson'), { headers: { Accept: 'application/geo+json' } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (geojson) {
      var cluster = L.markerClusterGroup();
      var layer = L.geoJSON(geojson, {
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      });
      cluster.addLayer(layer);
      map.addLayer(cluster);
      var bounds = cluster.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      element.setAttribute('data-points', String(layer.getLayers().length));
    })
    .catch(function () { element.setAttribute('data-error', 'true'); });
})();
