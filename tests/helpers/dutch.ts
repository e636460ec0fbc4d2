/** Checks that text a researcher reads is Dutch: the English words it must not contain. */

/**
 * English words a message must not contain ("is", "in", "of", "type", "code", "object", "element",
 * "item", "min" and "max" are Dutch words or key names too, and are not listed).
 */
const english = new Set(
  (
    'the a an not which does do must should expected received required invalid unknown missing only can cannot never has have ' +
    'with and or to for from at on by no option options question page answer answers value values than more less greater least most ' +
    'already also used twice duplicate refers exist exists same its this that there nothing number text list statement scale band ' +
    'bands empty too small big input characters line column unexpected end string array boolean nested levels deep property name after ' +
    'before unrecognized keys key discriminator union literal enum format multiple single choice matrix contact response responses ' +
    'background variable condition conditions holds hold shown shows use uses are be been was were it they their whole'
  ).split(' '),
);

/** The words of a message, without what the researcher wrote: quoted names and values, JSON paths, JSON fragments. */
function ownWords(message: string): string[] {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/[A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)+(?:\[\d+\])*/g, ' ')
    .replace(/'[^']*'/g, ' ')
    .toLowerCase()
    .split(/[^a-zà-ÿ]+/)
    .filter((w) => w !== '');
}

export function englishIn(message: string): string[] {
  return ownWords(message).filter((w) => english.has(w));
}
