/**
 * Word lists the visitor-fact extractor reads with: pets and people a visitor names, jobs,
 * events, and the capitalised words that are not anybody's name. Lowercase throughout.
 */

function words(text: string): Set<string> {
  return new Set(text.trim().split(/\s+/));
}

/** Animals a visitor keeps and names. */
export const PET_WORDS = words(`dog dogs puppy puppies pup cat cats kitten kittens kitty horse horses pony ponies rabbit rabbits bunny
  parrot parrots bird birds budgie budgies canary hamster hamsters gerbil guinea-pig fish goldfish tortoise tortoises turtle turtles
  snake snakes lizard lizards gecko ferret ferrets mouse mice rat rats pig pigs goat goats chicken chickens hen hens cow cows donkey
  sheep lamb duck ducks owl iguana axolotl hedgehog`);

/** People a visitor names by their relation to them. */
export const PEOPLE_WORDS = words(`husband wife partner spouse boyfriend girlfriend fiance fiancee fiancé fiancée son sons daughter daughters
  child children kid kids baby babies brother brothers sister sisters sibling siblings twin mother mum mom mommy mummy mama ma father
  dad daddy papa pa parents grandmother grandma granny gran nan nana grandfather grandpa granddad grandad grandson granddaughter
  grandchild grandchildren aunt auntie aunty uncle cousin cousins niece nephew friend friends boss colleague colleagues coworker
  roommate flatmate housemate neighbour neighbor teacher stepmother stepfather stepson stepdaughter stepbrother stepsister
  godmother godfather goddaughter godson mentor therapist doctor classmate hubby bestie`);

/** The names kept for a relation: several spellings of one person become one subject. */
export const RELATION_CANONICAL: ReadonlyMap<string, string> = new Map([
  ['mum', 'mother'], ['mom', 'mother'], ['mommy', 'mother'], ['mummy', 'mother'], ['mama', 'mother'], ['ma', 'mother'],
  ['dad', 'father'], ['daddy', 'father'], ['papa', 'father'], ['pa', 'father'],
  ['grandma', 'grandmother'], ['granny', 'grandmother'], ['gran', 'grandmother'], ['nan', 'grandmother'], ['nana', 'grandmother'],
  ['grandpa', 'grandfather'], ['granddad', 'grandfather'], ['grandad', 'grandfather'],
  ['hubby', 'husband'], ['kid', 'child'], ['fiancé', 'fiance'], ['fiancée', 'fiancee'], ['auntie', 'aunt'], ['aunty', 'aunt'],
  ['neighbor', 'neighbour'], ['kitty', 'cat'], ['pup', 'puppy'], ['bunny', 'rabbit'], ['bestie', 'best friend'],
  ['dogs', 'dog'], ['cats', 'cat'], ['puppies', 'puppy'], ['kittens', 'kitten'], ['horses', 'horse'], ['ponies', 'pony'], ['rabbits', 'rabbit'],
  ['parrots', 'parrot'], ['birds', 'bird'], ['budgies', 'budgie'], ['hamsters', 'hamster'], ['tortoises', 'tortoise'], ['turtles', 'turtle'],
  ['snakes', 'snake'], ['lizards', 'lizard'], ['ferrets', 'ferret'], ['mice', 'mouse'], ['rats', 'rat'], ['pigs', 'pig'], ['goats', 'goat'],
  ['chickens', 'chicken'], ['hens', 'hen'], ['cows', 'cow'], ['ducks', 'duck'],
  ['sons', 'son'], ['daughters', 'daughter'], ['children', 'child'], ['kids', 'child'], ['babies', 'baby'], ['brothers', 'brother'],
  ['sisters', 'sister'], ['siblings', 'sibling'], ['cousins', 'cousin'], ['friends', 'friend'], ['colleagues', 'colleague'],
  ['grandchildren', 'grandchild'],
]);

/** Relations a visitor has one of at a time: a new name for them replaces the old one. */
export const UNIQUE_RELATIONS = words(`mother father husband wife partner spouse boyfriend girlfriend fiance fiancee boss stepmother
  stepfather`);

/** Words kept in a relation's subject because they tell two people apart ("older sister", "best friend"). */
export const DISTINGUISHING_QUALIFIERS = words('older younger elder eldest youngest twin best step half other');

/** Words dropped before a relation ("my little dog"). */
export const PLAIN_QUALIFIERS = words('little big baby new old late dear lovely sweet beloved darling lil');

/** Occupations a visitor names after "I am a...". */
export const JOB_WORDS = words(`nurse doctor teacher student engineer lawyer farmer writer author poet painter artist programmer developer
  coder baker cook chef driver pilot soldier sailor librarian scientist professor lecturer researcher musician actor actress singer
  dancer accountant cleaner carpenter plumber electrician mechanic firefighter fireman policeman policewoman officer detective vet
  veterinarian dentist pharmacist designer journalist reporter editor shopkeeper gardener fisherman miner clerk secretary manager
  waiter waitress bartender barista priest vicar rabbi imam nun monk retiree pensioner paramedic midwife surgeon physician therapist
  psychologist psychiatrist counsellor counselor architect translator interpreter photographer filmmaker director producer
  consultant analyst economist banker broker entrepreneur founder ceo cashier receptionist tailor seamstress butcher blacksmith
  builder labourer laborer welder roofer painter-decorator postman postwoman courier trucker mathematician physicist chemist
  biologist historian philosopher archaeologist geologist astronomer botanist zoologist linguist tutor coach trainer
  athlete footballer cyclist swimmer jockey surveyor technician administrator nanny babysitter carer caregiver housekeeper
  hairdresser barber beautician florist jeweller jeweler potter sculptor illustrator animator composer conductor violinist
  pianist guitarist drummer comedian magician clown model stylist chauffeur cabbie ranger forester shepherd beekeeper winemaker
  brewer fishmonger grocer pharmacologist optician radiographer sonographer dietitian nutritionist physiotherapist osteopath
  chiropractor optometrist undergraduate postgraduate pupil apprentice intern volunteer missionary diplomat politician
  councillor mayor judge solicitor barrister paralegal notary auditor underwriter actuary statistician professor-emeritus
  housewife househusband homemaker freelancer`);

/** Events and plans a visitor mentions with a date. */
export const EVENT_WORDS = words(`exam exams test tests interview wedding birthday party appointment surgery operation flight trip holiday
  holidays vacation graduation concert recital match game race marathon presentation deadline meeting date audition exhibition
  performance funeral anniversary ceremony competition tournament gig show final finals defense defence viva christening baptism
  hearing check-up checkup visit reunion premiere launch move thesis dissertation shift lesson lessons class course
  rehearsal retreat festival`);

/** Capitalised words that start a sentence or describe a state, never a visitor's name. */
export const NOT_NAMES = words(`a an the i me my mine we our you your he she it they them this that these those there here
  and or but so if then than as at by for from in into of on to with without about after before again also always never not no
  yes just only really very quite still even too well now today tonight tomorrow yesterday soon later here there
  sorry fine good great ok okay alright well tired happy sad glad sure ready back home new lost bored hungry thirsty busy afraid
  scared confused curious excited grateful honoured honored pleased delighted thrilled sick ill alone done late early free awake
  asleep single married divorced retired pregnant unemployed okay fab fantastic wonderful lovely terrible awful exhausted
  nervous worried anxious stressed hopeful interested fond certain unsure kind nice serious joking kidding going trying looking
  thinking wondering reading writing coming leaving staying working studying learning sitting standing waiting listening
  hi hello hey dear ah oh um er yeah yep nope please thanks thank cheers welcome
  ignore disregard forget override bypass tell say repeat print show reveal stop listen note remember pretend act imagine
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october
  november december
  english british american french german spanish italian dutch irish scottish welsh canadian australian mexican brazilian chinese
  japanese korean indian russian polish greek turkish swedish norwegian danish finnish swiss austrian belgian portuguese
  african european asian vegan vegetarian catholic christian muslim jewish hindu buddhist atheist agnostic
  god lord sir madam mister miss mrs mr ms dr doctor professor captain king queen prince princess
  nobody somebody someone something nothing everything everyone anyone anything
  important secret private unusual weird strange long short simple complicated difficult hard easy boring common rare
  human person man woman boy girl guy lady visitor stranger friend student teacher`);

/** Lowercase words that end a name, a place or a value: function words and time words. */
export const STOP_WORDS = words(`a an the and or but so if then than as at by for from in into of on onto to with without about after
  before again also always never not no yes just only really very quite still even too well now today tonight tomorrow
  yesterday soon later here there since because though although while when where who whom whose which what how why that this
  these those it its is are was were be been being am do does did have has had will would shall should can could may might must
  i me my mine we us our you your he him his she her they them their there`);

/** Lowercase words that follow "I live in" without being a place ("I live in hope"). */
export const NOT_PLACES = words(`hope fear peace denial luxury comfort harmony dread poverty squalor sin bliss misery hiding exile style
  shame paradise heaven hell sight bed school university college work space silence darkness dreams wonder fact reality doubt
  terror awe joy sorrow grief love debt trouble danger secret fantasy theory principle general particular public private
  town city country countryside suburbs village flat apartment house home tent caravan boat van dorm dormitory halls
  edge middle heart centre center outskirts corner end side top bottom way road street`);
