// The provider's HTML pages: plain forms, no JavaScript.
import { ACR_VALUES } from './config.mjs';

export const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

export function page(title, body) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f6;color:#161616}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #ddd}
h1{font-size:1.5rem;margin-top:0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input,select{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #666}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.2rem;border:1px solid #000091;background:#000091;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#000091}
.error{border-left:4px solid #ce0500;padding:.5rem 1rem;background:#fff4f4}
code{background:#eee;padding:0 .2rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function loginPage({ action, values, error, clientId }) {
  const field = (id, label, type, extra = '') => `<label for="${id}">${label}</label>
<input id="${id}" name="${id}" type="${type}" value="${escapeHtml(values[id])}" required${extra}>`;
  const options = ACR_VALUES.map((acr) => `<option value="${acr}"${acr === values.acr ? ' selected' : ''}>${acr}</option>`).join('');
  return page('Fournisseur d’identité de test', `<h1>Fournisseur d’identité de test</h1>
<p>Ce fournisseur d’identité imite ProConnect pour les tests. Aucun mot de passe n’est demandé&nbsp;:
les informations ci-dessous sont transmises telles quelles au service <code>${escapeHtml(clientId)}</code>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
${field('email', 'Adresse électronique', 'email', ' autocomplete="email"')}
${field('given_name', 'Prénom(s)', 'text', ' autocomplete="given-name"')}
${field('usual_name', 'Nom d’usage', 'text', ' autocomplete="family-name"')}
${field('siret', 'SIRET', 'text', ' inputmode="numeric" pattern="[0-9]{14}" maxlength="14"')}
${field('organization_label', 'Organisation', 'text', ' autocomplete="organization"')}
<label for="acr">Niveau eIDAS</label>
<select id="acr" name="acr">${options}</select>
<div class="actions">
<button type="submit" name="action" value="login">Se connecter</button>
<button type="submit" name="action" value="refuse" class="secondary" formnovalidate>Refuser</button>
</div>
</form>`);
}

export function errorPage(title, message, code) {
  return page(title, `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
${code ? `<p>Code d’erreur&nbsp;: <code>${escapeHtml(code)}</code></p>` : ''}`);
}
