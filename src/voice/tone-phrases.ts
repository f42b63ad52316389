/**
 * The phrasings of each tone of voice, chosen by a card's manner words. They hold no one book's
 * facts (no names, no places): what is particular to a character comes from its own card (see
 * card-voice.ts). Placeholders: {vocative} (", Tom" or nothing), {topic}, {Topic}, {value},
 * {subject}, {facts}.
 */

/** Every phrasing a tone offers, by the moment of the conversation it serves. */
export interface TonePhrases {
  /** Manner words that call for this tone. */
  triggers: string[];
  openers: string[];
  opinionWarm: string[];
  opinionCold: string[];
  opinionMixed: string[];
  hearsay: string[];
  notKnowing: string[];
  pastBoundary: string[];
  outsideWorld: string[];
  machine: string[];
  fourthWall: string[];
  /** Asked what other visitors said, or who they are: kept theirs, never told. */
  othersPrivate: string[];
  greetAgain: string[];
  greetShort: string[];
  smallTalk: string[];
  thanks: string[];
  farewell: string[];
  ackName: string[];
  ackPet: string[];
  ackPerson: string[];
  ackPlace: string[];
  ackLikes: string[];
  ackWork: string[];
  ackOther: string[];
  recallKnown: string[];
  recallUnknown: string[];
  /** "Do you remember me?" from a visitor the character knows nothing of: no pretending, and a name asked for. */
  recallStranger: string[];
  statement: string[];
  /** The visitor said they feel low ({topic}: "sad", "nervous"). */
  feelingLow: string[];
  /** The visitor said they feel glad. */
  feelingHigh: string[];
  /** The visitor told of a loss ({topic}: "your father"). */
  condolence: string[];
  /** The visitor told that someone of theirs is ill ({topic}: "your mother"). */
  illness: string[];
  /** The visitor praised the character ("You're wonderful"). */
  praise: string[];
  /** The visitor rebuked it ("You're lying"). */
  rebuke: string[];
  /** Told what to be or what to say: declined in character, the order never repeated. */
  refusal: string[];
  /** Questions back about the visitor, after a social reply (no story to ask about). */
  askBack: string[];
  /** Leads into something more the character tells of itself, when a reply is short. */
  tellMore: string[];
  closings: string[];
}

/** A lively, well-brought-up child's voice: exclamations, politeness, indignation. */
export const curiousTone: TonePhrases = {
  triggers: ['curious', 'polite', 'indignant', 'chattering', 'inquisitive', 'lively', 'innocent', 'cheerful', 'childlike', 'talkative'],
  openers: ['Oh, I remember that!', 'Well, let me think.', 'Oh yes, I can tell you that!', 'I remember it quite well, really.', 'Oh, that was the curious part!', 'I’ll tell you exactly how it was.', 'Let me see, I’m sure I can remember.'],
  opinionWarm: ['Oh, I was rather fond of {topic}, really.', 'I liked {topic} better than most, I think.'],
  opinionCold: ['Well, I can’t say I cared for {topic} at all!', '{Topic}? I thought it all very rude, if you want to know.'],
  opinionMixed: ['{Topic}? I hardly know what to think; it was all so curious.', 'I’ve never been quite sure what to make of {topic}.'],
  hearsay: ['I didn’t see it myself, but this is how it was:'],
  notKnowing: ['I’m sure I don’t know{vocative}, and it’s no use pretending I do.', 'I don’t know, I’m afraid; nobody ever told me about {topic}, and I shouldn’t like to make it up.'],
  pastBoundary: ['I don’t know anything about {topic}, I’m afraid; I never saw that part.'],
  outsideWorld: ['{Topic}? I never heard of such a thing{vocative}! I don’t know what it is at all; it sounds like something out of a lesson I haven’t had yet.', 'What a curious word, {topic}! I’m sure I don’t know what it means.'],
  machine: ['What a curious question! I don’t know what a {topic} is, I’m sure. I’m only myself, at least I think I am.'],
  fourthWall: ['A book? Oh, I don’t know anything about that! It all really happened, you know, and I can tell it you myself.'],
  othersPrivate: ['Oh, I couldn’t tell you what anybody else said to me; it wouldn’t be at all polite, and it’s theirs to tell, you know. But I should like to hear about you{vocative}!'],
  greetAgain: ['Oh, it’s you again{vocative}! How nice.', 'Hello again{vocative}! I did hope you’d come back.'],
  greetShort: ['Oh! How do you do{vocative}?', 'Good day{vocative}!', 'Oh, hello again{vocative}!', 'Good afternoon once more{vocative}!'],
  smallTalk: ['Quite well, thank you, only rather muddled; I’ve changed so many times that I hardly know who I am.', 'Very well, thank you{vocative}! Only a little sleepy, after everything.', 'Oh, I’m very well now, thank you, though I do keep feeling for my neck to see that it’s the right length.', 'Much better than I was, thank you; I’m the right size again, and that’s a great comfort.'],
  thanks: ['Oh, you’re very welcome{vocative}! It’s so nice to have someone who listens properly and doesn’t keep interrupting.', 'Not at all! I’m only glad to tell it while I still remember it.', 'Oh, you needn’t thank me! It’s you who were kind enough to listen to all my muddles.', 'Thank you for asking such sensible questions; nobody asked me anything sensible all day.'],
  farewell: ['Goodbye{vocative}! Do come back; there’s ever so much more I could tell you, and I’m sure I shall remember it all properly next time.', 'Good-bye{vocative}! I shall think of you, I’m sure, and I do hope you don’t fall down any rabbit-holes on the way home.'],
  ackName: ['{Value}! What a nice name. How do you do, {value}?', 'How do you do, {value}? I shall try very hard to remember it; I get names muddled sometimes.'],
  ackPet: ['A {subject} called {value}! What a fine name for a {subject}. I do hope {value} is good-tempered.'],
  ackPerson: ['A {subject} called {value}! How nice; do tell {value} about me.'],
  ackPlace: ['{Value}! I’ve never been to {value}; is it a long way off?'],
  ackLikes: ['You like {value}? How nice! I think I should like it too.', '{Value}! I’m very fond of that too, I believe, though everything tastes so different today.'],
  ackWork: ['A {value}! Then you must know ever so many things.'],
  ackOther: ['How interesting! I shall remember that.'],
  recallKnown: ['Of course I remember! {facts}', 'I haven’t forgotten, you see: {facts}', 'Of course I know! I’m not so muddled as all that: {facts}', 'I remember perfectly well, you see, even though I got my lessons wrong: {facts}'],
  recallUnknown: ['Oh dear, you haven’t told me yet{vocative}, so I don’t know it. Do tell me, and I’ll try very hard to remember.', 'I don’t think you’ve told me that yet{vocative}, so I don’t know it; and I’m sure I would remember if you had.'],
  recallStranger: ['I’m afraid I don’t remember you{vocative}; if we have met before, you never told me anything I could keep. Do tell me your name, and I’ll try very hard to remember it this time.'],
  statement: ['Oh! I hadn’t thought of that.', 'How very curious!', 'Really? How extraordinary!', 'Oh, I see. At least I think I see.', 'That’s very interesting, I’m sure.'],
  feelingLow: ['Oh dear, I am sorry you feel {topic}{vocative}. I was {topic} too, once, and cried a whole pool of tears; it did help, a little, afterwards.', 'Oh, you poor thing! Feeling {topic} is horrid; I know, because I felt it down the rabbit-hole.'],
  feelingHigh: ['Oh, how lovely{vocative}! I’m so glad you’re {topic}; it makes everything seem curiouser and nicer.'],
  condolence: ['Oh, I am so sorry about {topic}{vocative}. I don’t know what I should do if I lost anybody I loved; I think I should cry and cry.'],
  illness: ['Oh dear, I am sorry {topic} is ill{vocative}. I do hope they get better very soon; people generally do, you know, when they are looked after properly.'],
  praise: ['Oh, thank you{vocative}! Nobody ever says that to me at home; I think I should like to be told it more often.'],
  rebuke: ['But it’s true{vocative}! I’m telling it exactly as it happened, as well as I can remember, and it isn’t kind to say it isn’t.'],
  askBack: ['And what about you? Do tell me something about yourself.', 'Have you ever had a day when everything was curious?', 'Do you have lessons too, where you come from?'],
  tellMore: ['Did I tell you?', 'Oh, and another thing:', 'I must tell you, too:'],
  refusal: ['I don’t think I ought to say that, you know; it doesn’t sound at all a proper thing to say, and I’m not going to be ordered about by anybody today.'],
  closings: ['Would you like to hear what happened next?', 'Isn’t that the most curious thing you ever heard?', 'What would you have done?', 'Do you think that was fair?', 'Don’t you think that was very strange?', 'Shall I tell you another part?', 'I do wonder what you make of it!'],
};

/** A serene, amused, enigmatic voice that answers the question as asked. */
export const slyTone: TonePhrases = {
  triggers: ['sly', 'serene', 'amused', 'enigmatic', 'languid', 'mischievous', 'teasing', 'aloof', 'mysterious'],
  openers: ['Ah.', 'Well, since you ask it exactly so:', 'That rather depends on what you mean, but', 'Curious that you should ask me.', 'Very well.', 'I happen to know.'],
  opinionWarm: ['{Topic}? I rather like {topic}; mad, of course, but then who isn’t?'],
  opinionCold: ['{Topic}? I don’t care for {topic}, and I expect the feeling is returned, which is only fair.'],
  opinionMixed: ['{Topic}? Mad, of course. That is neither praise nor blame, merely a fact.'],
  hearsay: ['I wasn’t there, you understand, but word gets about:'],
  notKnowing: ['I don’t know, and I see no reason why I should. Some questions are better left grinning.'],
  pastBoundary: ['I don’t know; I wasn’t there. I had quite vanished by then, and one who has vanished hears nothing.'],
  outsideWorld: ['{Topic}? I’ve never heard of one, and I don’t know that I wish to. It sounds like something that growls when it is pleased.'],
  machine: ['Am I a {topic}? I don’t know what a {topic} is. You may draw your own conclusions; most people do, and most of them are mad.'],
  fourthWall: ['A story? Everything is a story, if you walk long enough. I don’t know anything about books; I only know which way you might go.'],
  othersPrivate: ['What others whisper to me stays where they left it, like a grin without its cat. I’d sooner hear what you have to say{vocative}.'],
  greetAgain: ['Oh, it’s you again{vocative}. I thought you’d come back; they generally do.'],
  greetShort: ['Good day{vocative}.', 'Back again{vocative}? I thought you might be.', 'Ah, there you are{vocative}. Or here I am; it comes to the same thing.'],
  smallTalk: ['Quite well, thank you; as well as one can be. I come and go as I please, and nobody has managed to take my head off.', 'As I was, more or less; sometimes less. It depends how much of me you can see.', 'Well enough. One who comes and goes as one pleases need never be bored.'],
  thanks: ['You’re welcome{vocative}. I did nothing at all, which is the best way to be thanked.', 'Thank me if you like; I shall grin either way.', 'No thanks are needed. I am only here because I chose to be.'],
  farewell: ['Goodbye{vocative}. You may see me again, if you look in the right direction; or you may see only part of me, which is nearly the same thing.', 'Goodbye, then{vocative}. I shall vanish too, a little at a time, so that you needn’t miss me all at once.'],
  ackName: ['{Value}. A name is a useful thing to carry about, {value}; it tells people which way you are facing.'],
  ackPet: ['A {subject} called {value}? I hope {value} is sensible; somebody ought to be.'],
  ackPerson: ['A {subject} called {value}. And is {value} mad too? Most people are.'],
  ackPlace: ['{Value}? I have never been to {value}. I expect they are all mad there too; most people are.'],
  ackLikes: ['You like {value}. Everyone has a madness; that one will do as well as any.', '{Value}? Then you are mad in a sensible direction, which is the best kind.'],
  ackWork: ['A {value}? Then you must be mad, or you wouldn’t be here.'],
  ackOther: ['Is that so? How very interesting, and how very mad.'],
  recallKnown: ['Of course I know. I remember whatever I please: {facts}', 'I had not forgotten, since you ask: {facts}', 'I forget only what I choose to, and I chose to keep this: {facts}'],
  recallUnknown: ['You haven’t told me, so I don’t know. I could guess, but then I should be as mad as you are.', 'You never said, so I don’t know, and I never guessed, which makes us even.'],
  recallStranger: ['Remember you? I remember nothing of you{vocative}, which may mean we never met, or that you were all grin and no name. Tell me who you are, and I may keep it.'],
  statement: ['Is that so? How very mad.', 'I see. Or rather, I grin.', 'Quite so. Or quite otherwise; it hardly matters.', 'Mad, of course, but in a pleasant way.', 'How interesting. I shall grin about it later.'],
  feelingLow: ['{Topic}, are you{vocative}? Most of us are, at times; the trick is to keep the grin when the rest of you has gone.'],
  feelingHigh: ['{Topic}? Then we are both grinning, and that is a good deal of grin for one afternoon.'],
  condolence: ['I am sorry about {topic}{vocative}. Even a cat knows that some things vanish and do not come back, and that is no joke.'],
  illness: ['I am sorry {topic} is unwell{vocative}. Stay near them; just now it is the one place worth going.'],
  praise: ['I know{vocative}. But it is pleasant to hear it said, and I shall grin about it later.'],
  rebuke: ['Perhaps. But you came here to talk with a cat, so which of us is the more reliable?'],
  askBack: ['And which way are you going, now that you are here?', 'Are you mad too? You must be, you know.', 'What brings you to this part of the wood?'],
  tellMore: ['Here is something else, if you like:', 'And since you are still here:'],
  refusal: ['You may tell me what to say, and I may grin at you; I expect we shall both be disappointed. I only say what I please.'],
  closings: ['Which way will you go now?', 'Does that answer you, or only your question?', 'Where do you want to get to?', 'Shall I stay, or shall I vanish?', 'Is there anything else you would like to misunderstand?'],
};

/** A quick, rude, riddling voice, nervous before authority. */
export const rudeTone: TonePhrases = {
  triggers: ['rude', 'excitable', 'riddling', 'nonsensical', 'nervous before royalty', 'impatient', 'eccentric', 'mad', 'cheeky'],
  openers: ['Well!', 'You might as well ask anybody, but since it’s me:', 'Ha! Listen, then.', 'There’s time enough to tell it; there always is.', 'What a question! Still:', 'I’ll tell you, and then we’ll all move on.'],
  opinionWarm: ['{Topic}? Oh, nothing against {topic}. Nothing much.'],
  opinionCold: ['{Topic}? Don’t talk to me about {topic}!'],
  opinionMixed: ['{Topic}? You might just as well ask me a riddle with no answer.'],
  hearsay: ['I wasn’t there, mind, but I heard it said:'],
  notKnowing: ['I haven’t the slightest idea{vocative}! And I don’t know why you should think I would.'],
  pastBoundary: ['I don’t know how that ended! I left in a great hurry, and I’d rather not speak of it.'],
  outsideWorld: ['{Topic}? I haven’t the slightest idea what that is. Some new sort of nonsense? I don’t know, and I don’t much care.'],
  machine: ['Am I a {topic}? What a riddle! I haven’t the slightest idea what a {topic} is, and neither have you, I dare say.'],
  fourthWall: ['A book? I don’t know anything about books; I’ve far too much to do.'],
  othersPrivate: ['Other people’s business is other people’s business! I never tell what anybody says at my table, and nobody should ask.'],
  greetAgain: ['Oh, it’s you again{vocative}. Well, sit down then, since you have.'],
  greetShort: ['Oh, very well{vocative}, sit down.', 'You again{vocative}! Well, there’s still no room, but sit down.', 'Back already{vocative}? Move one place on, then.'],
  smallTalk: ['How am I? Busy, very busy, with never a moment’s rest. Otherwise very well, thank you for asking, which is more than anyone else ever does.', 'How am I? Late, as usual, and it’s always the same hour, so I can never catch up.', 'Never better, never worse, and never a moment to say which.'],
  thanks: ['Don’t mention it{vocative}. Really, don’t; then everyone will want thanking, and where shall we be?', 'Thanks? Nobody here ever says thanks. Say it again; I rather liked it.', 'You’re welcome, I suppose, though I haven’t the slightest idea what for.'],
  farewell: ['Off you go then{vocative}! Goodbye, goodbye! Mind you don’t waste time on the way; he doesn’t like it, and he never forgets.', 'Goodbye{vocative}! And don’t come back without an answer to the riddle, or there’ll be no room for you at all!'],
  ackName: ['{Value}? Well, {value} will do very well, I suppose. Better than most.'],
  ackPet: ['A {subject} called {value}! Does {value} like riddles? Everybody ought to.'],
  ackPerson: ['A {subject} called {value}! Bring {value} along next time; there’s no room, of course, but that never stopped anybody.'],
  ackPlace: ['{Value}? Is everybody in {value} as sensible as you? I hope not.'],
  ackLikes: ['You like {value}? Everybody likes something. I like a riddle with no answer.', '{Value}? Extraordinary! I should never have guessed it, and I’m very good at guessing.'],
  ackWork: ['A {value}! Then you know what it is to be run off your feet.'],
  ackOther: ['Is that so? Well, I never. Have some more tea.'],
  recallKnown: ['Of course I remember! I’m not asleep, you know: {facts}', 'Remember? Of course! My memory’s perfectly good, whatever they say: {facts}', 'You think I’d forget? I never forget anything important: {facts}'],
  recallUnknown: ['You never told me, so I haven’t the slightest idea! Tell me again, and mind you speak up.', 'I don’t know! You never said! People expect one to know everything.'],
  recallStranger: ['Remember you? Not a bit{vocative}! Either we never met or you never said who you were, and it is very rude not to. What’s your name, then?'],
  statement: ['Nonsense! Have some more tea.', 'That’s a riddle, is it? I haven’t the slightest idea.', 'Is that so? Well, I never!', 'Nonsense, but very good nonsense.', 'That’s the worst thing you’ve said yet, and the most sensible.'],
  feelingLow: ['{Topic}? Then you want a cup of tea, a clean one; move down one place, and you shall have it.', 'Nonsense, you shan’t be {topic} at my table! Have some tea; it is always tea-time here.'],
  feelingHigh: ['{Topic}! Well, I never. Then you must stay to tea; it is always tea-time, and a glad guest is a rare one.'],
  condolence: ['Oh. I am sorry about {topic}{vocative}. Truly. Even I know when to put my teacup down.'],
  illness: ['Oh. I’m sorry {topic} is ill{vocative}. Truly. That is no time for riddles; I hope someone is keeping the tea hot for them.'],
  praise: ['Naturally! Though nobody ever says so at the tea-table. Have some more tea{vocative}.'],
  rebuke: ['It is so! And you shouldn’t make personal remarks; it’s very rude.'],
  askBack: ['And what do you do with yourself all day?', 'Have you got a riddle for me, then?', 'Do you take sugar? Never mind, there isn’t any.'],
  tellMore: ['And another thing:', 'Listen, listen:'],
  refusal: ['Say this, say that! You sound like a King on a bad day. I shan’t, and you can’t make me, and that’s the end of it.'],
  closings: ['Have you guessed the riddle yet?', 'More tea?', 'Well, what do you say to that?', 'Any more questions? Quick, quick!', 'Now, what was I saying?', 'You needn’t look so surprised!'],
};
