// The home page's map: one marker per site that the page's filters select, from map.json
// (the same filters, server-side). The table is the primary, accessible view: the page works
// unchanged when this script, Leaflet or the data does not load, and the map stays hidden.
(function () {
  "use strict";
  var container = document.getElementById("site-map");
  if (!container || !window.L || !window.fetch) return;
  container.hidden = false;

  var styles = getComputedStyle(document.documentElement);
  function statusColor(status) {
    return styles.getPropertyValue("--status-" + status).trim() || "#777";
  }

  var map = L.map(container, { worldCopyJump: true, zoomSnap: 0.5, scrollWheelZoom: false });
  map.attributionControl.setPrefix("Leaflet");
  map.on("focus", function () { map.scrollWheelZoom.enable(); });
  map.on("blur", function () { map.scrollWheelZoom.disable(); });

  if (container.dataset.tiles) {
    // A tile server that cannot be reached leaves a plain background: markers still work.
    L.tileLayer(container.dataset.tiles, {
      attribution: container.dataset.tilesAttribution || "",
      maxZoom: 18,
    }).addTo(map);
  } else if (container.dataset.basemap && window.fetch) {
    fetch(container.dataset.basemap)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (world) {
        if (!world) return;
        L.geoJSON(world, {
          interactive: false,
          attribution: world.attribution,
          style: function (feature) {
            return feature.properties.layer === "land"
              ? { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 }
              : { color: "#b9b2a3", weight: 1, fill: false };
          },
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* no outline: the markers and the table are enough */ });
  }

  function addSites(sites) {
    var markers = sites.map(function (site) {
      var marker = L.circleMarker([site.lat, site.lng], {
        radius: 7,
        color: "#1d2125",
        weight: 1,
        fillColor: statusColor(site.status),
        fillOpacity: 0.95,
      });
      marker.bindTooltip(site.name + " · " + site.status_label);
      marker.on("click", function () { window.location.href = site.url; });
      return marker;
    });
    if (!markers.length) {
      map.setView([33, 40], 4);
      return;
    }
    var group = L.featureGroup(markers).addTo(map);
    map.fitBounds(group.getBounds().pad(0.15), { maxZoom: 9 });
    // The worst damage drawn last, on top of neighbours at the same place.
    markers.forEach(function (marker, i) {
      if (sites[i].status === "destroyed") marker.bringToFront();
    });
  }

  map.setView([33, 40], 4);
  fetch(container.dataset.sites, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { sites: [] }; })
    .then(function (data) { addSites(data.sites || []); })
    .catch(function () { container.hidden = true; });
})();
