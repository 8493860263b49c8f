// Tickers and company names for the demo universe. Names always start with "Demo" so no
// one mistakes them for real companies; tickers are unique 1–5 letter codes, derived from
// the name where possible (as real ones are), never equal to a fixed ETF's ticker or to
// a famous real ticker, and never spelling anything embarrassing.

import type { Rng } from "./prng.ts";

const ROOTS = words(`
  Acorn Alder Alpine Amber Anchor Apex Arbor Arrow Aspen Aurora Basalt Bayside Beacon Birch
  Blackwater Bluebird Bluewater Boulder Brightwater Brook Canyon Cardinal Cascade Cedar Channel
  Chestnut Cinder Clearwater Clover Coastal Cobalt Compass Copperhead Coral Cornerstone Cove Crescent
  Crestview Cypress Driftwood Eagle Eastwind Echo Elm Ember Evergreen Fairview Falcon Fernwood
  Firefly Flagstone Foxglove Frontier Galena Garnet Glacier Granite Greystone Halcyon Harbor Harvest
  Hawthorn Heron Highland Horizon Indigo Ironwood Ivy Jasper Juniper Kestrel Keystone Lakeshore
  Lantern Larkspur Laurel Ledger Liberty Lighthouse Linden Lodestar Magnolia Mallard Maple Marigold
  Meadow Meridian Mesa Millstone Monarch Nimbus Northfield Northstar Oakridge Obsidian Onyx Orchard
  Osprey Pacifica Palisade Paragon Pathfinder Peregrine Pinecrest Pinnacle Pioneer Plateau Prairie
  Quarry Quartz Radiant Rainier Raven Redwood Ridgeline Riverbend Rockport Rosewood Sagebrush
  Sapphire Sawtooth Sentinel Sequoia Shoreline Sierra Silverline Skyline Snowcap Solstice Sparrow
  Spruce Starling Sterling Stonebridge Summit Sunrise Tamarack Thistle Thunderbird Tidewater Timber
  Topaz Trailhead Trident Tundra Upland Verdant Willow Windward Zenith
`);

const SUFFIXES = ["Inc", "Inc", "Corp", "Corp", "Holdings", "Group", "Co", "Ltd", ""];

export const ETF_FAMILIES = words(`
  Summit Harbor Crest Pinnacle Beacon Granite Atlas Northstar Keystone Meridian Liberty Pioneer
  Sentinel Evergreen Cornerstone Horizon
`);

const ETF_VARIANTS = ["Core", "Select", "Focus", "Plus", "Quality", "Index", "Strategy", "Active", "Tilt", "Enhanced"];

/** Real tickers everyone knows: a demo stock under one of these would mislead at a glance. */
const FAMOUS = words(`
  AAPL MSFT NVDA AMZN GOOG GOOGL META TSLA BRK JPM V MA QQQ IWM DIA VOO VTI XOM JNJ WMT PG KO PEP
  NFLX AMD INTC IBM GE F GM T BA DIS UNH HD COST AVGO ORCL CRM ADBE BAC WFC C GS MS TLT GLD SLV USO
  VIX
`);

/** Fragments no ticker may contain. */
const BLOCKED = [
  "ASS",
  "FUK",
  "FUC",
  "SEX",
  "KKK",
  "NAZI",
  "SHIT",
  "PISS",
  "DICK",
  "COCK",
  "CUNT",
  "TIT",
  "FAG",
  "JIZ",
];
const BLOCKED_WHOLE = new Set(["CUM", "NIG", "POO", "PEE", "RAPE", "DIE", "WTF", "HELL", "DAMN", "PORN", "BUTT"]);

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function words(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

export class NameRegistry {
  readonly #tickers = new Set<string>(FAMOUS);
  readonly #names = new Set<string>();

  /** Claims a fixed ticker (SPY, XLK ...); they are claimed before any generated one. */
  reserve(ticker: string, name: string): void {
    this.#tickers.add(ticker);
    this.#names.add(name);
  }

  /** A unique "Demo <Root> <Industry word> <Suffix>" name. */
  companyName(rng: Rng, words: readonly string[]): { name: string; root: string; word: string } {
    for (let attempt = 0; attempt < 40; attempt++) {
      // After a few collisions, two roots ("Cedar Ridgeline") open a far larger space.
      const root = attempt < 12 ? rng.pick(ROOTS) : `${rng.pick(ROOTS)} ${rng.pick(ROOTS)}`;
      const word = rng.pick(words);
      const suffix = rng.pick(SUFFIXES);
      const name = `Demo ${root} ${word}${suffix ? ` ${suffix}` : ""}`;
      if (!this.#names.has(name)) {
        this.#names.add(name);
        return { name, root, word };
      }
    }
    const root = rng.pick(ROOTS);
    const word = rng.pick(words);
    let n = 2;
    while (this.#names.has(`Demo ${root} ${word} ${n}`)) n++;
    const name = `Demo ${root} ${word} ${n}`;
    this.#names.add(name);
    return { name, root, word };
  }

  /** A unique "Demo <Family> <Theme> ETF" name. */
  etfName(rng: Rng, theme: string): string {
    for (let attempt = 0; attempt < 60; attempt++) {
      const family = rng.pick(ETF_FAMILIES);
      const variant = attempt < 10 ? "" : ` ${rng.pick(ETF_VARIANTS)}`;
      const name = `Demo ${family} ${theme}${variant} ETF`;
      if (!this.#names.has(name)) {
        this.#names.add(name);
        return name;
      }
    }
    let n = 2;
    while (this.#names.has(`Demo ${theme} ETF ${n}`)) n++;
    const name = `Demo ${theme} ETF ${n}`;
    this.#names.add(name);
    return name;
  }

  /** A unique ticker of about `length` letters, from the name's letters when one is free. */
  ticker(rng: Rng, length: number, root = "", word = ""): string {
    for (const candidate of nameCandidates(root, word, length)) if (this.#claim(candidate)) return candidate;
    for (let attempt = 0; ; attempt++) {
      // Short codes run out (there are only 26 one-letter ones): lengthen after a few misses.
      const len = attempt < 20 ? length : attempt < 60 ? Math.max(length, 4) : 5;
      let code = "";
      for (let i = 0; i < len; i++) code += LETTERS[rng.int(26)];
      if (this.#claim(code)) return code;
    }
  }

  #claim(code: string): boolean {
    if (code.length < 1 || code.length > 5 || this.#tickers.has(code) || !isDecent(code)) return false;
    this.#tickers.add(code);
    return true;
  }
}

function isDecent(code: string): boolean {
  if (BLOCKED_WHOLE.has(code)) return false;
  for (const bad of BLOCKED) if (code.includes(bad)) return false;
  return true;
}

/** "Cedar" + "Therapeutics" at length 4 -> CDRT, CEDA, CEDT, CDTH ...: how real tickers abbreviate names. */
function nameCandidates(root: string, word: string, length: number): string[] {
  const r = root.toUpperCase().replace(/[^A-Z]/g, "");
  const w = word.toUpperCase().replace(/[^A-Z]/g, "");
  if (!r || length < 2) return [];
  const skeleton = (r[0] ?? "") + r.slice(1).replace(/[AEIOU]/g, "");
  const out = [
    skeleton.slice(0, length),
    r.slice(0, length),
    skeleton.slice(0, length - 1) + w.slice(0, 1),
    r.slice(0, length - 1) + w.slice(0, 1),
    skeleton.slice(0, length - 2) + w.slice(0, 2),
  ];
  return out.filter((c) => c.length === length);
}
