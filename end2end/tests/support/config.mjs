// Configuration of the browser tests (all from the environment, with defaults that suit a local run),
// the browser, and the taxonomy the demo data and the tests share.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.JONCTION_BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.JONCTION_CHROMIUM || '/usr/bin/chromium';
export const ACTION_TIMEOUT_MS = Number(process.env.JONCTION_E2E_ACTION_TIMEOUT_MS || 15_000);
export const NAVIGATION_TIMEOUT_MS = Number(process.env.JONCTION_E2E_NAVIGATION_TIMEOUT_MS || 30_000);
export const TEST_TIMEOUT_MS = Number(process.env.JONCTION_E2E_TEST_TIMEOUT_MS || 180_000);
export const SERVER_WAIT_S = Number(process.env.JONCTION_WAIT_SECONDS || 30);

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Debian's Chromium (playwright-core never downloads a browser of its own). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

// Tags of the real taxonomy that the demo data and these tests use. `kind` is the tag page's
// `data-kind`; `pattern` matches the name a person sees (names from shared/taxonomy.md; a pattern rather than the full name where the name is long).
export const TAGS = {
  geoserver: { kind: 'solution', name: 'GeoServer', pattern: /GeoServer/ },
  qgis: { kind: 'solution', name: 'QGIS', pattern: /QGIS/ },
  prodige: { kind: 'solution', name: 'Prodige', pattern: /Prodige/ },
  georchestra: { kind: 'solution', name: 'geOrchestra', pattern: /geOrchestra/ },
  pygeoapi: { kind: 'solution', name: 'pygeoapi', pattern: /pygeoapi/ },
  wfs: { kind: 'standard', name: 'Web Feature Service', pattern: /Web Feature Service/ },
  csw: { kind: 'standard', name: 'Catalogue Service for the Web', pattern: /Catalogue Service for the Web/ },
  'ogcapi-features': { kind: 'standard', name: 'OGC API – Features', pattern: /OGC API\s*[–-]\s*Features/ },
  'iso-19115': { kind: 'standard', name: 'ISO 19115', pattern: /ISO 19115/ },
};

export const STATUS_LABELS = ['Ouvert', 'Besoin d’informations', 'Confirmé', 'Résolu', 'Ne sera pas corrigé', 'Doublon'];

