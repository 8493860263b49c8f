// Public surface of the demo universe: a deterministic, synthetic market of stocks and
// ETFs for trying Technic without a data subscription.

export { DEMO_DEFAULTS, type DemoOptions, generateDemoUniverse } from "./generate.ts";
