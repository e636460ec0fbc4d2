/**
 * Near-duplicate house names. Free text typed by many people spells one house several ways:
 * "Veiligheidshuis Twente", "veiligheidshuis  twente", "VHH Twente", "Veiligheidshuis regio Twente".
 * houseKey() reduces a name to what identifies the house; names with the same key are listed for a
 * researcher to merge (never merged automatically: only a person knows that two spellings are one
 * house).
 */

const PREFIXES = ['veiligheidshuis', 'veiligheidshuizen', 'vhh', 'vh', 'het', 'regio', 'de'];

/** The identifying part of a house name: lower case, accents, punctuation and spacing folded, leading "Veiligheidshuis", "VHH", "VH", "het", "regio", "de" dropped. */
export function houseKey(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && PREFIXES.includes(words[0]!)) words.shift();
  return words.join(' ');
}

/** Groups of two or more houses whose names have the same key, each group sorted by name; groups by their first name. */
export function nearDuplicateGroups<H extends { id: number; name: string }>(houses: readonly H[]): H[][] {
  const byKey = new Map<string, H[]>();
  for (const house of houses) {
    const key = houseKey(house.name);
    byKey.set(key, [...(byKey.get(key) ?? []), house]);
  }
  const collator = new Intl.Collator('nl');
  return [...byKey.values()]
    .filter((group) => group.length > 1)
    .map((group) => [...group].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id))
    .sort((a, b) => collator.compare(a[0]!.name, b[0]!.name));
}
