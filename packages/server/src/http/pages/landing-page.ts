import { escapeHtml } from './html.js';

/** One link of the landing page. */
export interface LandingLink {
  href: string;
  label: string;
  description?: string;
}

/**
 * A small HTML page at `/` that links what the server offers (docs, OpenAPI document, tRPC
 * endpoint, health) and any links the application adds.
 */
export function landingPage(
  title: string,
  description: string | undefined,
  links: readonly LandingLink[],
): string {
  const items = links
    .map(
      (l) =>
        `    <li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>${
          l.description ? ` <span>— ${escapeHtml(l.description)}</span>` : ''
        } <code>${escapeHtml(l.href)}</code></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
    h1 { font-size: 1.6rem; } li { margin: .4rem 0; } code { color: #666; font-size: .85em; margin-left: .3rem; }
    span { color: #555; }
  </style>
</head>
<body>
  <h1>${escapeHtml(title)}</h1>
${description ? `  <p>${escapeHtml(description)}</p>\n` : ''}  <ul>
${items}
  </ul>
</body>
</html>
`;
}
