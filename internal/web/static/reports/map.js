// Maps of the Mängelmelder, added on top of pages that work without them:
// the place picker of the reporting form (fills the hidden lat/lon fields),
// the map of published reports (GeoJSON from /reports/map.geojson) and the
// spot of one report. Texts come from data attributes, already translated.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  var colours = { red: "#c4001d", yellow: "#f0b400", green: "#1e7b34" };

  function num(v) {
    var n = parseFloat(v);
    return isFinite(n) ? n : null;
  }

  function makeMap(el) {
    var lat = num(el.dataset.lat), lon = num(el.dataset.lon), zoom = parseInt(el.dataset.zoom, 10) || 13;
    var map = L.map(el, { center: [lat || 51.16, lon || 10.45], zoom: zoom, attributionControl: false });
    if (el.dataset.tiles) {
      // The credit is printed below the map, in the page's language.
      L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
    }
    el.setAttribute("role", "region");
    if (el.dataset.label) el.setAttribute("aria-label", el.dataset.label);
    return map;
  }

  function reveal(el) {
    var tools = el.closest("[data-map-tools]");
    if (tools) tools.hidden = false;
  }

  function picker(el) {
    var form = el.closest("form");
    var latIn = form.querySelector("input[data-lat]"), lonIn = form.querySelector("input[data-lon]");
    var status = form.querySelector("[data-place-status]");
    var map = makeMap(el), marker = null;

    function set(lat, lon, move) {
      latIn.value = lat.toFixed(6);
      lonIn.value = lon.toFixed(6);
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.marker([lat, lon], { alt: el.dataset.markerLabel || "", keyboard: false }).addTo(map);
      if (move) map.setView([lat, lon], Math.max(map.getZoom(), 17));
      if (status) status.textContent = status.dataset.textSet + " " + latIn.value + ", " + lonIn.value;
    }

    var lat0 = num(latIn.value), lon0 = num(lonIn.value);
    if (lat0 !== null && lon0 !== null) set(lat0, lon0, true);
    map.on("click", function (e) { set(e.latlng.lat, e.latlng.lng, false); });

    var centre = form.querySelector("[data-centre]");
    if (centre) centre.addEventListener("click", function () {
      var c = map.getCenter();
      set(c.lat, c.lng, false);
    });

    var locate = form.querySelector("[data-locate]");
    if (locate) {
      if (!("geolocation" in navigator)) {
        locate.hidden = true;
      } else {
        locate.addEventListener("click", function () {
          if (status) status.textContent = status.dataset.textLocating;
          navigator.geolocation.getCurrentPosition(function (pos) {
            set(pos.coords.latitude, pos.coords.longitude, true);
          }, function () {
            if (status) status.textContent = status.dataset.textFailed;
          }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        });
      }
    }
  }

  function popup(props) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var a = document.createElement("a");
    a.href = props.url;
    a.textContent = props.category_name + ", " + props.ref;
    var p = document.createElement("p");
    p.textContent = props.status_label;
    box.appendChild(a);
    box.appendChild(p);
    return box;
  }

  function reports(el) {
    var map = makeMap(el), layer = L.layerGroup().addTo(map), seq = 0, first = true;

    function load(bbox) {
      var url = el.dataset.source;
      if (bbox) url += (url.indexOf("?") < 0 ? "?" : "&") + "bbox=" + bbox;
      var mine = ++seq;
      fetch(url, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || mine !== seq) return;
          layer.clearLayers();
          var points = [];
          data.features.forEach(function (f) {
            var c = f.geometry.coordinates, ll = [c[1], c[0]];
            points.push(ll);
            L.circleMarker(ll, {
              radius: 8, weight: 2, color: "#1b1b1b", fillOpacity: 0.9,
              fillColor: colours[f.properties.light] || "#4a4a4a"
            }).bindPopup(popup(f.properties)).addTo(layer);
          });
          var fit = first && points.length > 0;
          first = false;
          if (fit) map.fitBounds(points, { maxZoom: 16, padding: [20, 20] });
        })
        .catch(function () {});
    }

    load("");
    map.on("moveend", function () {
      if (first) return;
      var b = map.getBounds();
      function clamp(v, m) { return Math.max(-m, Math.min(m, v)).toFixed(5); }
      load([clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(","));
    });
  }

  function point(el) {
    var lat = num(el.dataset.pointLat), lon = num(el.dataset.pointLon);
    if (lat === null || lon === null) return;
    el.dataset.lat = lat;
    el.dataset.lon = lon;
    el.dataset.zoom = 17;
    var map = makeMap(el);
    L.marker([lat, lon], { alt: el.dataset.markerLabel || "", keyboard: false }).addTo(map);
  }

  document.querySelectorAll("[data-map]").forEach(function (el) {
    reveal(el);
    var kind = el.dataset.map;
    if (kind === "picker") picker(el);
    else if (kind === "reports") reports(el);
    else if (kind === "point") point(el);
  });
})();
