// Draws every choropleth of the page (`www/_choropleth.html`): communes filled with the colour
// of their class, hatched when there is no figure ("secret", "unknown": never shown as the lowest
// class), the main towns' names written on the map, a popup with the figure. The data is the
// page's own JSON (json_script): no request, no tiles needed, SVG shapes that print.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  // Leaflet writes a style's fillColor into the path's fill attribute: "url(#…)" points it at a
  // pattern, which is how hatching gets into Leaflet's own SVG.
  function addHatching(svg, id, heavy) {
    var defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(SVG, "defs"), svg.firstChild);
    var pattern = document.createElementNS(SVG, "pattern");
    pattern.setAttribute("id", id);
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "8");
    pattern.setAttribute("height", "8");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var background = document.createElementNS(SVG, "rect");
    background.setAttribute("width", "8");
    background.setAttribute("height", "8");
    background.setAttribute("fill", "#ffffff");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("y1", "0");
    line.setAttribute("x2", "0");
    line.setAttribute("y2", "8");
    line.setAttribute("stroke", "#4a5a63");
    line.setAttribute("stroke-width", heavy ? "4" : "2");
    pattern.appendChild(background);
    pattern.appendChild(line);
    defs.appendChild(pattern);
  }

  function popup(properties) {
    var box = document.createElement("div");
    var name;
    if (properties.url) {
      name = document.createElement("a");
      name.href = properties.url;
    } else {
      name = document.createElement("strong");
    }
    name.textContent = properties.name;
    box.appendChild(name);
    var figure = document.createElement("div");
    figure.textContent = properties.display;
    box.appendChild(figure);
    if (properties.detail) {
      var detail = document.createElement("div");
      detail.className = "muted";
      detail.textContent = properties.detail;
      box.appendChild(detail);
    }
    return box;
  }

  function draw(element) {
    var data = JSON.parse(document.getElementById(element.dataset.choropleth).textContent);
    // No background tiles on purpose: the colours are the message, and a plain map prints.
    var map = L.map(element, { scrollWheelZoom: false, renderer: L.svg(), zoomSnap: 0.25 });
    var hatch = { secret: element.id + "-secret", unknown: element.id + "-unknown" };
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var p = feature.properties;
        if (p["class"] === null || p["class"] === undefined) {
          return { color: "#1b2a33", weight: 1, dashArray: "4 3", fillColor: "url(#" + hatch[p.status === "secret" ? "secret" : "unknown"] + ")", fillOpacity: 1 };
        }
        return { color: "#1b2a33", weight: 1, fillColor: data.classes[p["class"]].colour, fillOpacity: 0.85 };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 8 });
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        shape.bindPopup(popup(p));
        if (p.labelled) {
          shape.bindTooltip(text(p.name), { permanent: true, direction: "center", className: "map-label" });
        } else {
          shape.bindTooltip(text(p.name + " — " + p.display));
        }
      }
    });
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10], maxZoom: 13 });
    } else {
      map.setView([45.5, 7], 7);
    }
    layer.addTo(map);
    var svg = element.querySelector(".leaflet-overlay-pane svg");
    if (svg) {
      addHatching(svg, hatch.secret, true);
      addHatching(svg, hatch.unknown, false);
    }
    element.dataset.features = String(layer.getLayers().length);
    element.classList.add("map-ready");
  }

  var maps = document.querySelectorAll("[data-choropleth]");
  for (var i = 0; i < maps.length; i++) draw(maps[i]);
})();
