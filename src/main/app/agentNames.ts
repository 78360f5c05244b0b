// Fresh, memorable agent names ("brave-otter", "amber-falcon"), made locally
// with no model call and unique within a workspace. The word lists are picked
// by hand (a generator's full adjective lists hold words nobody wants to see
// on their agent, "dead", "guilty", ...); a name is one pick from each.

export const NAME_ADJECTIVES: readonly string[] = [
  'amber', 'azure', 'bold', 'brave', 'breezy', 'bright', 'calm', 'candid', 'cheerful', 'clever',
  'cobalt', 'coral', 'cosmic', 'crimson', 'crisp', 'curious', 'daring', 'dapper', 'eager', 'early',
  'easy', 'elegant', 'emerald', 'fancy', 'fearless', 'fluffy', 'friendly', 'gentle', 'gleaming', 'golden',
  'graceful', 'grand', 'happy', 'hardy', 'honest', 'humble', 'indigo', 'ivory', 'jade', 'jolly',
  'joyous', 'keen', 'kind', 'lively', 'loyal', 'lucky', 'lunar', 'magenta', 'merry', 'mighty',
  'misty', 'modest', 'nimble', 'noble', 'olive', 'patient', 'peaceful', 'plucky', 'polite', 'proud',
  'quick', 'quiet', 'radiant', 'rapid', 'ruby', 'rustic', 'sage', 'scarlet', 'serene', 'silver',
  'sleek', 'smart', 'snowy', 'solar', 'sparkly', 'spry', 'steady', 'sturdy', 'sunny', 'swift',
  'teal', 'tidy', 'trusty', 'upbeat', 'valiant', 'velvet', 'vivid', 'warm', 'wise', 'witty',
  'zesty', 'zippy',
];

export const NAME_ANIMALS: readonly string[] = [
  'albatross', 'alpaca', 'antelope', 'badger', 'beaver', 'bison', 'bobcat', 'capybara', 'caribou', 'cheetah',
  'chinchilla', 'chipmunk', 'condor', 'cougar', 'coyote', 'crane', 'dingo', 'dolphin', 'dove', 'dragon',
  'eagle', 'egret', 'elk', 'emu', 'falcon', 'ferret', 'finch', 'flamingo', 'fox', 'gazelle',
  'gecko', 'gibbon', 'giraffe', 'hare', 'hawk', 'hedgehog', 'heron', 'ibex', 'impala', 'jaguar',
  'kingfisher', 'kiwi', 'koala', 'lark', 'lemur', 'leopard', 'lion', 'llama', 'lynx', 'macaw',
  'magpie', 'manatee', 'marmot', 'meerkat', 'mink', 'moose', 'narwhal', 'ocelot', 'orca', 'osprey',
  'otter', 'owl', 'panda', 'panther', 'parrot', 'pelican', 'penguin', 'puffin', 'puma', 'quail',
  'quokka', 'rabbit', 'raccoon', 'raven', 'robin', 'salmon', 'seal', 'sparrow', 'stork', 'swan',
  'tapir', 'tiger', 'toucan', 'turtle', 'unicorn', 'walrus', 'whale', 'wolf', 'wombat', 'wren',
  'yak', 'zebra',
];

/** Random draws before falling back to a numbered name. */
const RANDOM_ATTEMPTS = 64;

/** A fresh "adjective-animal" name not in `taken`; a number is added once random draws keep colliding. */
export function createAgentName(taken: Set<string>, random: () => number = Math.random): string {
  let name = '';
  for (let attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
    const pick = (words: readonly string[]) => words[Math.floor(random() * words.length) % words.length]!;
    name = `${pick(NAME_ADJECTIVES)}-${pick(NAME_ANIMALS)}`;
    if (!taken.has(name)) return name;
  }
  for (let n = 2; ; n++) {
    const numbered = `${name}-${n}`;
    if (!taken.has(numbered)) return numbered;
  }
}
