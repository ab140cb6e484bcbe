// Copies the browser files of the npm packages into the places the server and the tests read them from.
// The results are committed, so building and running the server never needs npm or the network.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const lib = join(here, '..', 'wwwroot', 'lib');
const testAssets = join(here, '..', '..', '..', 'tests', 'SmartMiljo.OpenData.Web.Tests', 'Assets');

const copies = [
  ['leaflet/dist/leaflet.js', join(lib, 'leaflet', 'leaflet.js')],
  ['leaflet/dist/leaflet.css', join(lib, 'leaflet', 'leaflet.css')],
  ['leaflet/dist/images', join(lib, 'leaflet', 'images')],
  ['leaflet/LICENSE', join(lib, 'leaflet', 'LICENSE.txt')],
  ['leaflet.markercluster/dist/leaflet.markercluster.js', join(lib, 'markercluster', 'leaflet.markercluster.js')],
  ['leaflet.markercluster/dist/MarkerCluster.css', join(lib, 'markercluster', 'MarkerCluster.css')],
  ['leaflet.markercluster/dist/MarkerCluster.Default.css', join(lib, 'markercluster', 'MarkerCluster.Default.css')],
  ['leaflet.markercluster/MIT-LICENCE.txt', join(lib, 'markercluster', 'LICENSE.txt')],
  // axe-core runs inside the pages during the browser tests only; it is not served.
  ['axe-core/axe.min.js', join(testAssets, 'axe.min.js')],
];

rmSync(lib, { recursive: true, force: true });
for (const [from, to] of copies) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(join(modules, from), to, { recursive: true });
  console.log(`${from} -> ${to}`);
}
