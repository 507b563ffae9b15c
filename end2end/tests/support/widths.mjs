// No page is wider than its viewport; what is wider scrolls inside its own block.
import assert from 'node:assert/strict';

/** The document's width and the viewport's (CSS pixels). */
export async function pageWidths(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/** The page fits its viewport: the document is not wider than the window (no sideways scrolling). */
export async function assertFitsWidth(page, what = '') {
  const { scrollWidth, innerWidth } = await pageWidths(page);
  assert.ok(
    scrollWidth <= innerWidth,
    `${page.url()}${what ? ` (${what})` : ''} scrolls sideways: the document is ${scrollWidth}px wide in a ${innerWidth}px viewport`,
  );
}

/**
 * The element (a code block, a table, the map's frame) is wider than its box and scrolls inside it,
 * while the document itself stays within the viewport: what would overflow is its own scroller.
 */
export async function assertScrollsInside(locator, what) {
  const page = locator.page();
  await locator.waitFor();
  const box = await locator.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      tag: element.tagName.toLowerCase(),
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      overflowX: style.overflowX,
    };
  });
  assert.ok(
    box.scrollWidth > box.clientWidth,
    `${page.url()}: the ${what} (<${box.tag}>) should be wider than its box (${box.scrollWidth}px of content in ${box.clientWidth}px)`,
  );
  assert.ok(
    ['auto', 'scroll'].includes(box.overflowX),
    `${page.url()}: the ${what} (<${box.tag}>) should scroll sideways itself (overflow-x: ${box.overflowX})`,
  );
  await assertFitsWidth(page, `with the ${what} ${box.scrollWidth}px wide`);
}
