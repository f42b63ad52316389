/**
 * Short forms of first names: a prefix of three letters or more ("Huck" of "Huckleberry", "Sid"
 * of "Sidney"), a pet form of one ("Siddy", "Hucky"), and common English pairs that no prefix
 * rule finds ("Lizzy"/"Elizabeth", "Becky"/"Rebecca"). These only propose: the caller links two
 * names when the text supports it (a shared surname, an address answered by the other name).
 */

/** Common pet names and the full names they stand for (lowercase). */
const PAIRS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['elizabeth', ['lizzy', 'lizzie', 'liz', 'eliza', 'beth', 'betsy', 'betty', 'bess', 'bessie', 'libby', 'lisa']],
  ['william', ['bill', 'billy', 'will', 'willie', 'willy']],
  ['robert', ['bob', 'bobby', 'rob', 'robin', 'bert']],
  ['richard', ['dick', 'dickie', 'rich', 'rick']],
  ['john', ['jack', 'johnny', 'jacky']],
  ['margaret', ['peggy', 'meg', 'maggie', 'madge', 'daisy', 'margery']],
  ['edward', ['ned', 'ted', 'teddy', 'ed', 'eddie', 'neddy']],
  ['henry', ['harry', 'hal', 'hank']],
  ['catherine', ['kitty', 'kate', 'katie', 'kit', 'cathy', 'kay']],
  ['katherine', ['kitty', 'kate', 'katie', 'kit', 'kathy']],
  ['jane', ['jenny', 'jennie', 'janet']],
  ['rebecca', ['becky', 'becca']],
  ['sarah', ['sally', 'sadie']],
  ['mary', ['polly', 'molly', 'mamie', 'mae', 'minnie']],
  ['thomas', ['tom', 'tommy']],
  ['joseph', ['joe', 'joey']],
  ['james', ['jim', 'jimmy', 'jamie', 'jem']],
  ['ellen', ['nell', 'nelly', 'nellie']],
  ['helen', ['nell', 'nelly', 'nellie']],
  ['eleanor', ['nell', 'nelly', 'nora']],
  ['frances', ['fanny', 'frankie']],
  ['dorothy', ['dolly', 'dot', 'dora']],
  ['anthony', ['tony']],
  ['samuel', ['sam', 'sammy']],
  ['benjamin', ['ben', 'benny']],
  ['frederick', ['fred', 'freddy']],
  ['charles', ['charlie', 'charley', 'chuck']],
  ['nicholas', ['nick', 'nicky']],
  ['alexander', ['alec', 'alex', 'sandy']],
  ['christopher', ['kit', 'chris']],
  ['susan', ['susy', 'susie', 'sue', 'sukey']],
  ['lucy', ['lu', 'lulu']],
  ['wilhelmina', ['mina', 'minnie']],
  ['josephine', ['jo', 'josie']],
  ['theodore', ['theo', 'ted', 'teddy']],
  ['lawrence', ['larry']],
  ['patrick', ['pat', 'paddy']],
  ['philip', ['phil', 'pip']],
  ['isabella', ['bella', 'isa', 'belle']],
  ['arabella', ['bella']],
  ['georgiana', ['georgie']],
  ['caroline', ['carrie', 'caro']],
  ['harriet', ['hattie', 'harry']],
  ['matilda', ['tilly', 'maud']],
  ['anne', ['annie', 'nancy', 'nan']],
  ['ann', ['annie', 'nancy', 'nan']],
];

const PET_OF = new Map<string, Set<string>>();
for (const [full, pets] of PAIRS) {
  for (const pet of pets) {
    const set = PET_OF.get(pet) ?? new Set<string>();
    set.add(full);
    PET_OF.set(pet, set);
  }
}

/** "Siddy" from "Sid", "Hucky" from "Huck": a pet ending on a short form. */
function isPetEnding(short: string, long: string): boolean {
  return long.length > short.length && long.length <= short.length + 3 && long.startsWith(short) && /^(?:y|ie|ey|dy|ty|ky|sy|ny|my|py|by|gy|ly)$/.test(long.slice(short.length));
}

/**
 * Whether two first names (any case) can be one person's: equal, one a prefix of three letters or
 * more of the other ("Huck", "Huckleberry"), a pet ending ("Siddy"), or a listed pair ("Lizzy",
 * "Elizabeth").
 */
export function isShortFormOf(a: string, b: string): boolean {
  const first = a.toLowerCase();
  const second = b.toLowerCase();
  if (first === second) return true;
  const [short, long] = first.length <= second.length ? [first, second] : [second, first];
  if (short.length >= 3 && long.startsWith(short)) return true;
  if (isPetEnding(short, long)) return true;
  const viaPet = (pet: string, full: string): boolean => PET_OF.get(pet)?.has(full) ?? false;
  if (viaPet(first, second) || viaPet(second, first)) return true;
  // Two pet forms of one name ("Lizzy", "Eliza").
  const fullsA = PET_OF.get(first);
  const fullsB = PET_OF.get(second);
  return fullsA !== undefined && fullsB !== undefined && [...fullsA].some((full) => fullsB.has(full));
}
