// Words of customer messages as the tag suggestions compare them: accents and case folded
// ("Remboursé" and "rembourse" are one word), split on anything that is not a letter or a digit,
// without French and English stop words, numbers (order numbers say nothing about the topic) and
// one-letter words.

const STOP_WORDS = new Set(
  `a about above after again against all am an and any are aren as at be because been before being below between both
  but by can cannot could couldn did didn do does doesn doing don down during each few for from further get got had hadn
  has hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just let
  ll me more most mustn my myself no nor not now of off on once only or other ought our ours ourselves out over own
  please re same shan she should shouldn so some such than thank thanks that the their theirs them themselves then
  there these they this those through to too under until up ve very was wasn we were weren what when where which
  while who whom why will with won would wouldn you your yours yourself yourselves hello hi hey ok okay yes
  ai aie aient aies ait alors as au aucun aussi autre aux avec avoir avais avait avez avons bon bonjour bonsoir car ce
  ceci cela celle celles celui ces cet cette ceux chez ci comme comment d dans de des deja depuis donc dont du elle
  elles en encore entre es est et etaient etais etait etant ete etre eu eux fait faire fais faut il ils j je jusqu l la
  le les leur leurs lui m ma mais me meme mes merci moi mon n ne ni non nos notre nous on ont ou oui par pas peu peut
  plus pour pourquoi qu quand que quel quelle quelles quels qui s sa sans se ses si sien soit son sont sous suis sur
  t ta te tes toi ton tous tout toute toutes tres tu un une vos votre vous y salut svp stp voila`.split(/\s+/),
);

/** Lower case without diacritics. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !/^\p{N}+$/u.test(w) && !STOP_WORDS.has(w));
}

/** The start of a text, cut at a word, for a "because" excerpt. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6))}…`;
}
