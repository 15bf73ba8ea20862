// Closed word classes the detector treats specially. They are English function words and
// conversational formulas, not vocabulary learned from any data set.

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Function words: they carry no checkable content, so they neither support nor contradict. */
export const STOPWORDS = words(`
  a an the this that these those there here it its it's itself they them their theirs themselves
  you your yours yourself yourselves he him his himself
  she her hers herself one ones someone something anyone anything everyone everything
  is am are was were be been being do does did doing done have has had having get got gets getting
  will would shall should can could may might must ought
  and or but if then else so because as until while of at by for with about against between into
  through during before after above below to from up down in out on off over under again further once
  also too very just only really quite pretty rather much many more most some any each every both
  few other such own same than what which who whom whose when where why how all
  s t d ll m re ve
  yes yeah yep ok okay oh ah um uh well hmm wow lol haha
  like know think guess mean say said see seen sure thing things lot lots kind sort way actually
  probably maybe perhaps definitely certainly indeed anyway though even still ever
`);

/**
 * The grammatical function words: the closed classes of STOPWORDS (articles, third-person and
 * wh- pronouns, auxiliaries and modals, conjunctions, prepositions, quantifiers, comparatives). They are not checked one by one, but
 * they carry meaning a content-word check misses: tense ("is"/"was"), modality ("can"/"must"),
 * quantity ("all"/"some"/"only"/"more") and relations ("before"/"after", "in"/"from"). An answer
 * that keeps its sources' grammatical frame tends to restate them; one that brings its own tends
 * to say something new (features.ts). Second-person pronouns and discourse words ("yes", "well",
 * "I think") are left out: an agent addressing its user is no less grounded for it.
 */
export const GRAMMAR_WORDS = words(`
  a an the this that these those there here it its it's itself they them their theirs themselves
  he him his himself she her hers herself one ones someone something anyone anything everyone everything
  what which who whom whose when where why how
  is am are was were be been being do does did doing done have has had having
  will would shall should can could may might must ought
  and or but if then else so because as until while than
  of at by for with about against between into through during before after above below
  to from up down in out on off over under again further once
  also too very only much many more most some any each every both few other such own same all
`);

/**
 * The speaker. A first-person statement ("I watched it as a kid", "my order shipped") asserts
 * something about whoever is talking, and the context has to say so like any other fact; these
 * pronouns become one content key that only first-person text in the context can support.
 * ("us" is left out: lower-cased text writes the United States that way.)
 */
export const SPEAKER_WORDS = words(`i me my mine myself we our ours ourselves i'm i've i'd i'll we're we've`);
export const SPEAKER_KEY = '<speaker>';

/**
 * Openers that frame the speaker's stance rather than add a fact: "I think X" claims X. The
 * frame is removed before checking, so the speaker is not counted as an unsupported party.
 */
export const HEDGE_PREFIX =
  /^(?:(?:yes|yeah|no|well|oh|ok|okay|so|and|but|actually|also|haha|lol)[\s,!.]+)*(?:i|we)(?:'m| am)?\s+(?:also\s+|just\s+|really\s+|do\s+)?(?:think|believe|guess|know|knew|heard|hear|read|learned|learnt|suppose|figure|bet|assume|recall|remember|understand|feel|found out|pretty sure|sure|told)\b(?:\s+that\b)?,?\s*/i;

/** Answer particles that open a reply ("No, I like it"): they respond, they do not negate. */
export const LEADING_PARTICLES = /^(?:(?:yes|yeah|yep|no|nope|nah|well|oh|ok|okay|sure)\b[\s,!.]+)+/i;

/** Tokens that flip the polarity of the clause they sit in. */
export const NEGATIONS = words(`not no never none nobody nothing neither nor without cannot n't nowhere`);

/**
 * Refusals and admissions of ignorance: a clause that opens with one asserts nothing about the
 * world, whatever else it mentions ("I'm not sure who directed it").
 */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  /^(well,? |hmm,? |sorry,? )?i('m| am) (not sure|unsure|not certain)\b/,
  /^(well,? |hmm,? |sorry,? )?i (do not|don't|dont|really don't) (know|remember|recall)\b/,
  /^(well,? |sorry,? )?i (can ?not|can't|cant|am unable to|'m unable to|could not|couldn't) (help|answer|say|find|tell|confirm)\b/,
  /^(sorry|apologies|i apologi[sz]e)\b.*\b(can't|cannot|unable|don't know|not sure)\b/,
  /^(i have|i've) no (idea|information)\b/,
];

/**
 * A question about the user ("Did you buy it online?", "Have you seen it?", "What's your
 * favourite?") asks; it asserts nothing about the world. Beside a statement it is a follow-up
 * and is not checked (claims.ts). Opening particles and a wh-word may come first.
 */
export const USER_QUESTION =
  /^(?:(?:yes|yeah|no|well|oh|ok|okay|so|and|but|also|hi|hello|hey)[\s,!.]+)*(?:(?:(?:what|which|who|whom|where|when|why|how)(?:\s+[\w']+){0,3}?\s+)?(?:do|did|does|have|has|had|are|were|would|will|could|can|should|is|was)(?:n't)?\s+(?:you|ya|u)\b|(?:what|which|who)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+your\b)/i;

/**
 * ...unless it frames a statement: "Did you know (that) it opens at 9?" asserts that it opens
 * at 9 and is checked like one. Asking about knowledge ("Do you know who directed it?",
 * "Have you heard of Elvis?") stays a question.
 */
export const ASSERTING_FRAME =
  /\b(?:you|ya|u)\s+(?:know|knew|hear|heard|realize|realise|realized|realised|notice|noticed|aware)\b(?!\s*(?:\?|$|(?:of|about|if|whether|any|anything|what|which|who|whom|where|when|why|how)\b))/i;

/**
 * Greetings, thanks, offers of help and acknowledgements: a clause made only of these and
 * function words ("Hello!", "Thanks, I agree", "How can I help you today?") is conversational.
 */
export const COURTESY_WORDS = words(`
  hello hi hey thanks thank welcome please sorry bye goodbye help assist assistance today else
  question questions agree agreed true right exactly absolutely totally haha hahaha lol glad happy
  chat talk talking let
`);

/**
 * Evaluative words. "That's great!" reacts to the other person and is conversational; "the film
 * is great" is an opinion about the topic and is checked like any claim. They count as
 * conversational only inside a reaction frame (REACTION_FRAME) or in a clause of at most two words.
 */
export const EVALUATIVE_WORDS = words(`
  great nice cool interesting awesome amazing fun funny fascinating crazy wonderful neat good bad
  love lovely enjoy hope wish sad impressive incredible surprising shocking wild weird
`);
export const REACTION_FRAME = /^(?:(?:oh|wow|ah|yes|yeah|haha|lol|well|ok|okay|thanks|thank you)[\s,!.]+)*(?:that'?s|that is|that was|that sounds|this is|sounds|how|what an?|so)\b/i;

/**
 * Spelled-out numbers normalised to digits so "fourteen days" matches "14 days". "one", "first",
 * "second" and "half" are left out: they are pronouns, ordinals and units as often as quantities.
 */
export const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['zero', '0'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'],
  ['six', '6'], ['seven', '7'], ['eight', '8'], ['nine', '9'], ['ten', '10'], ['eleven', '11'],
  ['twelve', '12'], ['thirteen', '13'], ['fourteen', '14'], ['fifteen', '15'], ['sixteen', '16'],
  ['seventeen', '17'], ['eighteen', '18'], ['nineteen', '19'], ['twenty', '20'], ['thirty', '30'],
  ['forty', '40'], ['fifty', '50'], ['sixty', '60'], ['seventy', '70'], ['eighty', '80'],
  ['ninety', '90'], ['hundred', '100'], ['thousand', '1000'], ['million', '1000000'],
  ['billion', '1000000000'], ['third', '3'], ['fourth', '4'], ['fifth', '5'], ['twice', '2'],
  ['dozen', '12'],
]);

/**
 * A request to the user ("Please reply with your order number", "Let us know if ..."): it asks the
 * user to act and says nothing about the world, like a question to the user. Only the polite or
 * explicit request frames count; a bare imperative ("Restart the router") can carry advice that
 * should come from the context, and "please note that X" asserts X.
 */
export const USER_REQUEST =
  /^(?:(?:yes|ok|okay|so|and|also|then)[\s,!.]+)*(?:(?:please|kindly)\b(?!,?\s+(?:note|be\s+aware|remember|keep\s+in\s+mind|understand|know)\b)|let\s+(?:me|us)\s+know\b|feel\s+free\b|do(?:\s+not|n't)\s+hesitate\b|could\s+you\b|can\s+you\b|would\s+you\s+(?:please|mind)\b)/i;
