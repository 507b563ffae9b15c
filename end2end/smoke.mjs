// Checks the browser set-up without a server: playwright-core launches Debian's Chromium and loads
// about:blank, with JavaScript on and off. Run: npm run smoke
import assert from 'node:assert/strict';
import { launchBrowser } from './tests/support.mjs';

const browser = await launchBrowser();
try {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto('about:blank');
    assert.equal(page.url(), 'about:blank');
    await context.close();
  }
  console.log(`ok: Chromium ${browser.version()} launched and loaded about:blank (JS on and off)`);
} finally {
  await browser.close();
}
