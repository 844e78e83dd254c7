// Draws the territory's or a commune's map from the platform's own GeoJSON: no third-party request
// except the background tiles, whose URL is a setting (empty = no tiles, the shapes still show).
(function () {
  "use strict";

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false });
    var tileUrl = element.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
    }
    return map;
  }

  function showNote(element, hasPolygons) {
    var note = document.getElementById("map-note");
    if (note && !hasPolygons) {
      note.textContent = element.dataset.pointsNote;
      note.hidden = false;
    }
  }

  function textElement(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  var style = { color: "#0b4f6c", weight: 1.5, fillColor: "#3b8ea5", fillOpacity: 0.25 };

  function draw(map, element, geojson, communeUrl) {
    var hasPolygons = false;
    var layer = L.geoJSON(geojson, {
      style: style,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#0b4f6c", weight: 2, fillOpacity: 0.6 });
      },
      onEachFeature: function (feature, shape) {
        if (feature.geometry && feature.geometry.type !== "Point") hasPolygons = true;
        // A feature links to its own page (workspaces carry a url) or to its commune's.
        var href = feature.properties && (feature.properties.url ||
          (communeUrl && communeUrl.replace("CODE", encodeURIComponent(feature.properties.code))));
        if (href) {
          // Leaflet renders a string as HTML: names come from managers and imported files, so
          // they only ever reach Leaflet as the text of an element built here.
          var link = document.createElement("a");
          link.href = href;
          link.textContent = feature.properties.name;
          shape.bindPopup(link);
          shape.bindTooltip(textElement(feature.properties.name));
        }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10], maxZoom: 13 });
    } else {
      map.setView([45.5, 7], 7);
    }
    showNote(element, hasPolygons);
    element.dataset.features = String(layer.getLayers().length);
    element.classList.add("map-ready");
  }

  var territoryMap = document.getElementById("territory-map") || document.getElementById("workspaces-map");
  if (territoryMap) {
    var map = baseMap(territoryMap);
    // The API negotiates with its JSON renderer: also accepting application/json avoids a 406.
    fetch(territoryMap.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json;q=0.9" } })
      .then(function (response) {
        if (!response.ok) throw new Error("Map data: HTTP " + response.status);
        return response.json();
      })
      .then(function (geojson) { draw(map, territoryMap, geojson, territoryMap.dataset.communeUrl); });
  }

  var communeMap = document.getElementById("commune-map");
  if (communeMap) {
    var geometry = JSON.parse(document.getElementById(communeMap.dataset.geometryId).textContent);
    var small = baseMap(communeMap);
    draw(small, communeMap, geometry ? { type: "Feature", properties: null, geometry: geometry } : { type: "FeatureCollection", features: [] }, null);
  }
})();
