// A portrait generated from a name: a coloured disc with initials, drawn as SVG elements.
const svgNamespace = 'http://www.w3.org/2000/svg';

function hash(text) {
  let value = 2166136261;
  for (const character of text) value = Math.imul(value ^ character.codePointAt(0), 16777619);
  return value >>> 0;
}

/** Returns an <svg> element picturing `name`; decorative (aria-hidden). */
export function portrait(name, size = 64) {
  const seed = hash(name);
  const hue = seed % 360;
  const svg = document.createElementNS(svgNamespace, 'svg');
  svg.setAttribute('viewBox', '0 0 64 64');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  const background = document.createElementNS(svgNamespace, 'circle');
  background.setAttribute('cx', '32');
  background.setAttribute('cy', '32');
  background.setAttribute('r', '32');
  background.setAttribute('fill', `hsl(${hue} 45% 32%)`);
  svg.append(background);
  const ring = document.createElementNS(svgNamespace, 'circle');
  ring.setAttribute('cx', String(20 + (seed % 24)));
  ring.setAttribute('cy', String(18 + ((seed >> 5) % 20)));
  ring.setAttribute('r', String(8 + ((seed >> 9) % 10)));
  ring.setAttribute('fill', `hsl(${(hue + 40) % 360} 55% 45% / 0.6)`);
  svg.append(ring);
  const initials = document.createElementNS(svgNamespace, 'text');
  initials.setAttribute('x', '32');
  initials.setAttribute('y', '39');
  initials.setAttribute('text-anchor', 'middle');
  initials.setAttribute('font-size', '22');
  initials.setAttribute('font-family', 'Georgia, serif');
  initials.setAttribute('fill', '#fff');
  initials.textContent = name
    .replace(/^the\s+/i, '')
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word[0] ?? '')
    .join('')
    .toUpperCase();
  svg.append(initials);
  return svg;
}
