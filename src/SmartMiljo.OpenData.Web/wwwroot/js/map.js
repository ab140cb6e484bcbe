// The dataset map: the GeoJSON download drawn with Leaflet, close points clustered, lines and areas drawn as they are,
// a popup per feature.
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
      // Points are clustered; lines and areas are drawn as they are (the clusterer takes markers only).
      var cluster = L.markerClusterGroup();
      var shapes = L.featureGroup();
      var count = 0;
      L.geoJSON(geojson, {
        style: function () { return { color: '#1d5e8c', weight: 3, fillOpacity: 0.25 }; },
        onEachFeature: function (feature, layer) {
          count++;
          // A MultiPoint or GeometryCollection is a group of its parts: each part goes where its kind belongs.
          var parts = layer instanceof L.FeatureGroup ? layer.getLayers() : [layer];
          parts.forEach(function (part) {
            part.bindPopup(popup(feature.properties));
            (part instanceof L.Marker ? cluster : shapes).addLayer(part);
          });
        }
      });
      map.addLayer(shapes);
      map.addLayer(cluster);
      var bounds = cluster.getBounds();
      if (shapes.getLayers().length) bounds = bounds.isValid() ? bounds.extend(shapes.getBounds()) : shapes.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      element.setAttribute('data-points', String(count));
      element.setAttribute('data-shapes', String(shapes.getLayers().length));
    })
    .catch(function () { element.setAttribute('data-error', 'true'); });
})();
