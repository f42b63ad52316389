/** The key two names share when they name the same person: "The Hatter", "Hatter", "Hatter’s". */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[’']s$/, '').replace(/^the\s+/, '').replace(/\s+/g, ' ').trim();
}
