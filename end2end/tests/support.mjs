// Shared harness and steps for Jonction's browser tests, one module per concern under `support/`.
//
// Every scenario runs twice, with JavaScript on (the hydrated Leptos app) and off (plain HTML forms),
// each time in fresh browser contexts and with its own freshly signed-up member, so scenarios never
// depend on each other. Steps act like a person (labels, roles, French texts) and check what a person
// sees, plus the HTTP statuses the contract names. Checks look at the element that shows a behaviour
// (an id, a `data-` attribute, a count, a role and name within its region), never at a word that could
// appear elsewhere on the page.
export * from './support/config.mjs';
export * from './support/scenario.mjs';
export * from './support/text.mjs';
export * from './support/page.mjs';
export * from './support/widths.mjs';
export * from './support/members.mjs';
export * from './support/threads.mjs';
