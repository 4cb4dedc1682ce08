// A small element builder: attributes set as properties or data-/aria- attributes, children as nodes
// or text — text is never parsed as HTML, so a reason coming from a service cannot inject markup.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('data-') || name.startsWith('aria-')) node.setAttribute(name, String(value));
    else node[name] = value;
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null));
  return node;
}

export const byId = (id) => document.getElementById(id);

export const money = (cents) => (cents === undefined || cents === null ? '—' : `€${(cents / 100).toFixed(2)}`);

export const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
