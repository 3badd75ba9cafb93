// Builds the public pages' third-party assets, so the site serves them itself (no CDN, and
// the map works offline):
// - Leaflet's distribution files into static/vendor/leaflet/;
// - static/heritage/basemap.json, an outline of land and borders drawn when no tile server
//   is configured, from Natural Earth's 1:110m countries (via world-atlas).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { feature, mesh } from "topojson-client";

const here = (path) => new URL(path, import.meta.url);
const staticDir = here("../../static/");

const leafletTarget = new URL("vendor/leaflet/", staticDir);
mkdirSync(new URL("images/", leafletTarget), { recursive: true });
copyFileSync(here("node_modules/leaflet/dist/leaflet.css"), new URL("leaflet.css", leafletTarget));
copyFileSync(here("node_modules/leaflet/LICENSE"), new URL("LICENSE", leafletTarget));
// Without its source map: WhiteNoise's manifest storage refuses a reference to a file that is
// not there, and the 225 KB map serves no reader.
const leafletJs = readFileSync(here("node_modules/leaflet/dist/leaflet.js"), "utf8");
writeFileSync(new URL("leaflet.js", leafletTarget), leafletJs.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"));
for (const image of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copyFileSync(here(`node_modules/leaflet/dist/images/${image}`), new URL(`images/${image}`, leafletTarget));
}

// Rounded to 0.01 degree (about 1 km), invisible at the zooms the map uses; rounding makes
// neighbouring points equal, and dropping the repeats shrinks the file further.
const round = (value) => Math.round(value * 100) / 100;
const roundLine = (line) =>
  line
    .map(([x, y]) => [round(x), round(y)])
    .filter((point, i, all) => i === 0 || point[0] !== all[i - 1][0] || point[1] !== all[i - 1][1]);
const roundCoordinates = (coords) =>
  typeof coords[0][0] === "number" ? roundLine(coords) : coords.map(roundCoordinates);

const topology = JSON.parse(readFileSync(here("node_modules/world-atlas/countries-110m.json")));
const landCollection = feature(topology, topology.objects.land);
const landGeometry = landCollection.features ? landCollection.features[0].geometry : landCollection.geometry;
// Antarctica's ring runs along the pole, which Web Mercator sends to infinity: drawn, it
// floods the whole map. No heritage site of ours is there.
const land = {
  type: "MultiPolygon",
  coordinates: landGeometry.coordinates.filter((polygon) => polygon[0].some(([, lat]) => lat > -60)),
};
const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
const basemap = {
  type: "FeatureCollection",
  // Natural Earth is in the public domain; world-atlas is ISC-licensed.
  attribution: "Natural Earth",
  features: [
    { layer: "land", geometry: land },
    { layer: "borders", geometry: borders },
  ].map(({ layer, geometry }) => ({
    type: "Feature",
    properties: { layer },
    geometry: { ...geometry, coordinates: roundCoordinates(geometry.coordinates) },
  })),
};
writeFileSync(new URL("heritage/basemap.json", staticDir), JSON.stringify(basemap));
console.log("built static/vendor/leaflet/ and static/heritage/basemap.json");
