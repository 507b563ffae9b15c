// A thread that does not exist: 404 and a sentence a person understands, inside the usual page.
import assert from 'node:assert/strict';
import { scenario, visit, header } from './support.mjs';

scenario('unknown thread is a 404', async ({ page, shot }) => {
  const response = await visit(page, '/t/999999');
  assert.equal(response.status(), 404);
  assert.equal((await page.locator('.error-panel h1').innerText()).trim(), 'Ce fil n’existe pas.');
  await header(page).getByRole('link', { name: 'Jonction', exact: true }).waitFor();
  await shot('thread-404');
});
