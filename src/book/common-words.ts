/**
 * Words that are capitalised in novels without naming anyone: sentence openers, pronouns,
 * interjections, honorifics used alone, days, months, nationalities, headings. Lowercase.
 */
export const COMMON_CAPITALISED_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all almost also although always am among an and another any are as at ' +
    'be because been before being below beneath besides between beyond both but by can could did do does doing ' +
    'down during each either else even ever every few for from further had has have having he her here hers ' +
    'herself him himself his how however i if in into is it its itself just least less let like many may me might ' +
    'mine more most much must my myself neither never nevertheless next no nobody none nor not nothing now of off ' +
    'often on once one only or other others otherwise our ours ourselves out over own perhaps quite rather same ' +
    'shall she should since so some somebody someone something sometimes soon still such than that the thee their ' +
    'theirs them themselves then there therefore these they thine this those thou though through thus thy till to ' +
    'too towards under unless until up upon us very was we were what whatever when whence whenever where whereas ' +
    'wherever whether which while whilst who whoever whom whose why will with within without would ye yet you ' +
    'your yours yourself yourselves ' +
    'adieu farewell ah aha alas amen bah eh ha hah hallo hello hey hm hmm hurrah hush nay no o oh oho pooh pray yes yea aye well ' +
    'why indeed surely certainly really good bad dear poor great little old young sir madam madame ma’am maam ' +
    'miss mister mistress mr mrs ms dr st majesty highness lordship ladyship honour honor excellency grace ' +
    'reverence worship sire lord lady god gods heaven heavens hell christ jesus providence fate fortune nature ' +
    'bible church devil satan ' +
    'monday tuesday wednesday thursday friday saturday sunday january february may july ' +
    'august september october november december christmas easter ' +
    'english french german italian spanish latin greek russian swiss scottish scotch irish welsh american ' +
    'european english-man englishman englishmen frenchman christian christians catholic protestant turkish arabian ' +
    'arab dutch ' +
    'chapter chap letter volume vol book part section preface contents introduction illustration illustrations ' +
    'note notes footnote end finis appendix epilogue prologue index title author edition esq ' +
    'first second third fourth fifth last two three four five six seven eight nine ten hundred thousand ' +
    'everybody everyone everything anybody anyone anything nowhere somewhere everywhere ' +
    'man men woman women boy girl child children people father mother brother sister friend friends ' +
    'yesterday today tomorrow tonight morning evening night ' +
    'said says cried replied asked answered thought exclaimed ' +
    'ii iii iv vi vii viii ix xi xii'
  ).split(/\s+/),
);

/** Titles kept with the name they precede ("Mr. Darcy", "Dr. Watson", "M. Waldman"). */
export const NAME_TITLES: ReadonlyMap<string, 'male' | 'female' | 'neutral'> = new Map([
  ['mr', 'male'], ['sir', 'male'], ['lord', 'male'], ['m', 'male'], ['monsieur', 'male'], ['captain', 'male'],
  ['colonel', 'male'], ['uncle', 'male'], ['father', 'male'], ['brother', 'male'], ['king', 'male'], ['prince', 'male'],
  ['mrs', 'female'], ['miss', 'female'], ['ms', 'female'], ['lady', 'female'], ['madame', 'female'], ['mme', 'female'],
  ['mlle', 'female'], ['aunt', 'female'], ['sister', 'female'], ['mother', 'female'], ['queen', 'female'],
  ['princess', 'female'], ['dr', 'neutral'], ['professor', 'neutral'], ['st', 'neutral'],
  ['doctor', 'neutral'], ['judge', 'neutral'], ['widow', 'female'], ['squire', 'male'], ['parson', 'male'],
  ['reverend', 'male'], ['rev', 'male'], ['major', 'male'], ['general', 'male'], ['admiral', 'male'], ['count', 'male'],
  ['countess', 'female'], ['baron', 'male'], ['baroness', 'female'], ['duke', 'male'], ['duchess', 'female'],
  ['dame', 'female'], ['madam', 'female'], ['mademoiselle', 'female'], ['master', 'male'], ['mars', 'male'],
] as const);

/**
 * Titles that name the same standing, so "M. Frankenstein" and "Mr. Frankenstein" are one form
 * of address while "Miss Bennet" and "Mrs. Bennet" are two people.
 */
const TITLE_CLASSES: ReadonlyMap<string, string> = new Map([
  ['mr', 'mr'], ['m', 'mr'], ['monsieur', 'mr'], ['mister', 'mr'],
  ['mrs', 'mrs'], ['madame', 'mrs'], ['mme', 'mrs'], ['widow', 'mrs'],
  // "Madam" is how anyone addresses a lady, married or not ("Madam Mina").
  ['madam', 'madam'],
  ['miss', 'miss'], ['mlle', 'miss'], ['mademoiselle', 'miss'], ['ms', 'miss'],
  ['dr', 'dr'], ['doctor', 'dr'], ['rev', 'rev'], ['reverend', 'rev'], ['parson', 'rev'],
  ['master', 'master'], ['mars', 'master'],
]);

/** The standing a title names ("m" and "mr" both "mr"); the title itself when it has no synonym. */
export function titleClass(title: string): string {
  const bare = title.toLowerCase().replace(/\.$/, '');
  return TITLE_CLASSES.get(bare) ?? bare;
}

/** Titles that go with a first name rather than a surname ("Aunt Polly", "Uncle Jake", "Mars Tom"). */
export const FIRST_NAME_TITLES: ReadonlySet<string> = new Set(['aunt', 'uncle', 'master', 'mars', 'sir', 'lady', 'dame', 'cousin', 'king', 'queen', 'prince', 'princess']);
