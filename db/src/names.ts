// Which organisation names look alike (issue 17). Unicode's skeleton (UTS #39, section 4: NFD, each
// confusable character replaced by its prototype from confusables.txt, NFD again) is computed with
// `unhomoglyph`, which ships confusables.txt's mapping (no JavaScript package implements the whole of
// UTS #39; this one, from the markdown-it maintainers, is the mapping and nothing else). Before it, runs of
// whitespace (a no-break space, a double space) become one space.
//
// Names are also the same whatever their case (migration 0004), and the skeleton is not case-blind: "I" is
// the skeleton of "l", so "PayPaI" meets "PayPal" only as written, while "РАMOJA" in Cyrillic capitals
// meets "Pamoja" only once both are in lower case. No single key does both, so a name has two, each unique
// (migration 0014): its skeleton as written and that of its lower case, each folded to lower case and put
// through the skeleton again (so that a prototype in capitals, "0" → "O", meets its lower case).
import { foldWhitespace } from '@lpt/shared/schemas';
import unhomoglyph from 'unhomoglyph';

const skeleton = (text: string) => unhomoglyph(text.normalize('NFD')).normalize('NFD');
const key = (text: string) => skeleton(skeleton(text).toLowerCase());

/** The keys under which look-alike names collide (never shown: a skeleton mixes scripts). */
export function nameSkeletons(name: string): { nameSkeleton: string; nameSkeletonCaseless: string } {
  const folded = foldWhitespace(name);
  return { nameSkeleton: key(folded), nameSkeletonCaseless: key(folded.toLowerCase()) };
}
