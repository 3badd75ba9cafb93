// The home page's map: one marker per site that the page's filters select, from map.json
// (the same filters, applied by the server). The table is the primary, accessible view: the
// page works unchanged when this script, Leaflet or the data does not load.
(function () {
  "use strict";
  var container = document.getElementById("site-map");
  if (!container || !window.L || !window.fetch) return;

  var styles = getComputedStyle(document.documentElement);
  function statusColor(status) {
    return styles.getPropertyValue("--status-" + status).trim() || "#777";
  }
  function getJSON(url) {
    // A failed request resolves to null: the caller draws what it has.
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  }

  var tiles = container.dataset.tiles;
  Promise.all([
    getJSON(container.dataset.sites),
    tiles ? Promise.resolve(null) : getJSON(container.dataset.basemap),
  ]).then(function (loaded) {
    var data = loaded[0];
    var world = loaded[1];
    if (!data) return; // no sites to show: leave the map hidden, the table says it all
    container.hidden = false;

    var map = L.map(container, { worldCopyJump: true, zoomSnap: 0.5, scrollWheelZoom: false });
    map.attributionControl.setPrefix("Leaflet");
    // Scrolling the page must not zoom the map by surprise; once the map has focus it may.
    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });

    if (tiles) {
      // A tile server that cannot be reached leaves a plain background: markers still work.
      L.tileLayer(tiles, { attribution: container.dataset.tilesAttribution || "", maxZoom: 18 })
        .addTo(map);
    } else if (world) {
      L.geoJSON(world, {
        interactive: false,
        attribution: world.attribution,
        style: function (feature) {
          return feature.properties.layer === "land"
            ? { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 }
            : { color: "#b9b2a3", weight: 1, fill: false };
        },
      }).addTo(map);
    }

    // Rows are [slug, name, status, lat, lng]: compact, since this can be every site.
    var sites = data.sites || [];
    var labels = data.statuses || {};
    var markers = sites.map(function (site) {
      var marker = L.circleMarker([site[3], site[4]], {
        radius: 7,
        color: "#1d2125",
        weight: 1,
        fillColor: statusColor(site[2]),
        fillOpacity: 0.95,
      });
      marker.bindTooltip(site[1] + " · " + (labels[site[2]] || site[2]));
      marker.on("click", function () {
        window.location.href = data.site_url.replace("__slug__", encodeURIComponent(site[0]));
      });
      return marker;
    });
    if (!markers.length) {
      map.setView([33, 40], 4, { animate: false });
      return;
    }
    var group = L.featureGroup(markers).addTo(map);
    // Never closer than a country's scale: a lone marker still needs its surroundings.
    map.fitBounds(group.getBounds().pad(0.15), { maxZoom: 6, animate: false });
    // The worst damage drawn last, on top of neighbours at the same place.
    markers.forEach(function (marker, i) {
      if (sites[i][2] === "destroyed" || sites[i][2] === "severe") marker.bringToFront();
    });
  });
})();
