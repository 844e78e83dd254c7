// Draws the territory's or a commune's map from the platform's own GeoJSON: no third-party request
// except the background tiles, whose URL is a setting (empty = no tiles, the shapes still show).
(function () {
  "use strict";

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
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
          var box = document.createElement("div");
          box.appendChild(link);
          var population = feature.properties.population;
          if (element.dataset.populationLabel && typeof population === "number") {
            var line = document.createElement("div");
            line.textContent = population.toLocaleString(document.documentElement.lang || undefined) + " " + element.dataset.populationLabel;
            box.appendChild(line);
          }
          shape.bindPopup(box);
          shape.bindTooltip(textElement(feature.properties.name));
        }
      }
    }).addTo(map);
    labelTowns(layer, Number(element.dataset.labelledTowns || 0));
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

  // The main towns' names are written on the map: no tiles are needed to find one's way.
  function labelTowns(layer, count) {
    if (!count) return;
    var shapes = layer.getLayers().filter(function (shape) {
      return shape.feature && shape.feature.properties && typeof shape.feature.properties.population === "number";
    });
    shapes.sort(function (a, b) { return b.feature.properties.population - a.feature.properties.population; });
    shapes.slice(0, count).forEach(function (shape) {
      shape.unbindTooltip();
      shape.bindTooltip(textElement(shape.feature.properties.name), { permanent: true, direction: "center", className: "map-label" });
    });
  }

  // Point layers (workspaces, stations…) from the page's JSON; each is drawn with the shape of
  // its legend entry, and the legend's checkboxes show or hide it.
  function drawLayers(map, element) {
    var data = document.getElementById(element.dataset.layersId);
    var legend = document.getElementById("map-legend");
    if (!data || !legend) return;
    var drawn = 0;
    JSON.parse(data.textContent).forEach(function (spec) {
      var box = legend.querySelector('input[value="' + spec.key + '"]');
      var symbol = box && box.parentNode.querySelector("svg");
      var icon = L.divIcon({ html: symbol ? symbol.outerHTML : "", className: "map-marker", iconSize: [18, 18] });
      var group = L.layerGroup();
      spec.points.forEach(function (point) {
        var marker = L.marker([point.lat, point.lon], { icon: icon, keyboard: false, title: point.name });
        var popup = document.createElement("div");
        var name = document.createElement(point.url ? "a" : "strong");
        if (point.url) name.href = point.url;
        name.textContent = point.name;
        popup.appendChild(name);
        point.lines.forEach(function (text) {
          var line = document.createElement("div");
          line.textContent = text;
          popup.appendChild(line);
        });
        marker.bindPopup(popup);
        group.addLayer(marker);
        drawn += 1;
      });
      group.addTo(map);
      if (box) {
        box.addEventListener("change", function () {
          if (box.checked) group.addTo(map); else map.removeLayer(group);
        });
      }
    });
    element.dataset.points = String(drawn);
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
      .then(function (geojson) {
        // A search's map shows its results only: with none placed, no empty map is left behind.
        if (territoryMap.dataset.hideWhenEmpty && !(geojson.features || []).length) {
          territoryMap.hidden = true;
          territoryMap.dataset.features = "0";
          return;
        }
        drawLayers(map, territoryMap);
        draw(map, territoryMap, geojson, territoryMap.dataset.communeUrl);
      });
  }

  var communeMap = document.getElementById("commune-map");
  if (communeMap) {
    var geometry = JSON.parse(document.getElementById(communeMap.dataset.geometryId).textContent);
    var small = baseMap(communeMap);
    draw(small, communeMap, geometry ? { type: "Feature", properties: null, geometry: geometry } : { type: "FeatureCollection", features: [] }, null);
  }
})();
