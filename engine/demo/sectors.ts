// The demo's GICS-like sector and industry map, with what differs between them: how
// many listed companies each has, how they move (market beta, factor and idiosyncratic
// volatility) and what their financials look like (margins, valuation, leverage, payout).
// Numbers are rough medians of US listed companies, enough to make screens behave.

import { fp, industry, type SectorDef, sector } from "./sector-types.ts";

// Columns: name, ETF, ETF start price, share of listings, beta, sector factor vol, idiosyncratic
// multiplier, fundamentals fp(gross %, net %, loss share, P/S, P/B, D/E, payer share, yield %,
// revenue growth %, D&A %); then industries: name, weight, factor vol, idiosyncratic multiplier,
// name words, differences from the sector's fundamentals.
export const SECTORS: readonly SectorDef[] = [
  sector("Information Technology", "XLK", 200, 14, 1.2, 0.12, 1.1, fp(55, 14, 0.3, 5, 6, 0.4, 0.3, 0.9, 9, 5), [
    industry("Semiconductors", 3, 0.16, 1.15, "Semiconductor/Micro/Silicon/Microdevices/Circuits", {
      grossMargin: 52,
      ps: 6,
    }),
    industry("Software—Application", 4, 0.1, 1.1, "Software/Systems/Cloud/Analytics/Labs", {
      grossMargin: 72,
      ps: 7,
      lossShare: 0.45,
      dividendShare: 0.1,
      revenueGrowth: 14,
    }),
    industry("Software—Infrastructure", 3, 0.1, 1.1, "Networks/Data/Cyber/Computing/Technologies", {
      grossMargin: 70,
      ps: 8,
      lossShare: 0.35,
      revenueGrowth: 15,
    }),
    industry("IT Services", 2, 0.08, 0.9, "Consulting/Digital/Solutions/Informatics", { grossMargin: 32, ps: 2 }),
    industry("Communication Equipment", 1.5, 0.09, 1, "Communications/Wireless/Optical/Networks", {
      grossMargin: 45,
      ps: 2.5,
    }),
    industry("Electronic Components", 1.5, 0.09, 1, "Electronics/Instruments/Photonics/Sensors", {
      grossMargin: 35,
      ps: 2,
    }),
  ]),
  sector("Health Care", "XLV", 135, 17, 0.85, 0.09, 1.2, fp(60, 12, 0.35, 4, 4, 0.6, 0.25, 1.5, 7, 5), [
    industry("Biotechnology", 7, 0.16, 1.5, "Therapeutics/Biosciences/Biotherapeutics/Genomics/Bio", {
      grossMargin: 75,
      lossShare: 0.8,
      ps: 12,
      pb: 3,
      debtToEquity: 0.2,
      dividendShare: 0.02,
      revenueGrowth: 20,
    }),
    industry("Pharmaceuticals", 2.5, 0.08, 1.1, "Pharmaceuticals/Pharma/Laboratories", {
      grossMargin: 70,
      netMargin: 16,
      lossShare: 0.4,
      ps: 5,
      dividendShare: 0.35,
      dividendYield: 2.5,
    }),
    industry("Medical Devices", 3, 0.09, 1, "Medical/Surgical/Devices/Diagnostics", { grossMargin: 62, ps: 5 }),
    industry("Health Care Providers & Services", 2.5, 0.08, 0.9, "Health/Care/Clinics/Health Services", {
      grossMargin: 18,
      netMargin: 4,
      lossShare: 0.2,
      ps: 0.8,
      debtToEquity: 1,
    }),
    industry("Life Sciences Tools & Services", 2, 0.09, 1, "Scientific/Life Sciences/Instruments/Bioanalytics", {
      grossMargin: 50,
      ps: 5,
    }),
  ]),
  sector("Financials", "XLF", 38, 16, 1.05, 0.1, 0.85, fp(85, 22, 0.1, 3, 1.3, 1.5, 0.7, 2.8, 6, 2), [
    industry("Banks—Regional", 6, 0.14, 0.8, "Bancorp/Bancshares/Bank/Financial", {
      pb: 1.1,
      ps: 2.8,
      debtToEquity: 0.8,
      dividendShare: 0.8,
      dividendYield: 3.3,
    }),
    industry("Banks—Diversified", 1, 0.09, 0.8, "Bank/Banking Group/Financial", { pb: 1.3 }),
    industry("Insurance", 2.5, 0.08, 0.8, "Insurance/Assurance/Underwriters/Re", {
      grossMargin: 30,
      netMargin: 10,
      ps: 1.3,
      pb: 1.8,
      debtToEquity: 0.35,
    }),
    industry("Capital Markets", 2.5, 0.1, 0.9, "Capital/Securities/Partners/Markets", {
      netMargin: 20,
      ps: 4,
      pb: 2.5,
    }),
    industry("Consumer Finance", 1.5, 0.12, 1, "Credit/Lending/Finance/Payments", { pb: 1.5, debtToEquity: 3 }),
    industry("Asset Management", 2, 0.1, 0.9, "Asset Management/Investors/Advisors/Capital", {
      netMargin: 25,
      ps: 4,
      pb: 2.5,
      debtToEquity: 0.5,
      dividendShare: 0.75,
      dividendYield: 4,
    }),
  ]),
  sector("Consumer Discretionary", "XLY", 180, 10, 1.15, 0.1, 1.1, fp(38, 7, 0.3, 1.5, 4, 1, 0.35, 1.6, 6, 4), [
    industry("Specialty Retail", 2.5, 0.09, 1, "Stores/Outfitters/Retail/Brands", { grossMargin: 35, ps: 0.9 }),
    industry("Automobiles & Components", 1.5, 0.14, 1.1, "Motors/Automotive/Mobility/Auto Parts", {
      grossMargin: 18,
      netMargin: 5,
      ps: 0.6,
      debtToEquity: 1.2,
    }),
    industry("Hotels, Restaurants & Leisure", 2.5, 0.09, 1, "Restaurants/Hospitality/Resorts/Entertainment/Kitchen", {
      grossMargin: 30,
      ps: 2.5,
      debtToEquity: 2,
    }),
    industry("Internet & Direct Marketing Retail", 1.5, 0.12, 1.2, "Commerce/Online/Marketplace/Direct", {
      grossMargin: 40,
      ps: 2,
      lossShare: 0.45,
    }),
    industry("Homebuilding", 1, 0.14, 1, "Homes/Builders/Communities", {
      grossMargin: 24,
      netMargin: 12,
      ps: 1.1,
      pb: 1.6,
    }),
    industry("Apparel & Luxury Goods", 1, 0.1, 1, "Apparel/Fashion/Footwear/Designs", { grossMargin: 55 }),
  ]),
  sector("Communication Services", "XLC", 75, 4.5, 1.05, 0.1, 1.05, fp(55, 12, 0.35, 2.5, 3, 0.9, 0.3, 2, 7, 12), [
    industry("Interactive Media & Services", 1.5, 0.12, 1.1, "Media/Social/Interactive/Digital Media", {
      grossMargin: 70,
      netMargin: 18,
      ps: 5,
    }),
    industry("Entertainment", 1.2, 0.1, 1, "Entertainment/Studios/Games/Pictures", { grossMargin: 45 }),
    industry("Telecom Services", 1, 0.07, 0.8, "Telecom/Communications/Fiber/Mobile", {
      netMargin: 10,
      ps: 1.3,
      debtToEquity: 1.6,
      dividendShare: 0.6,
      dividendYield: 5,
    }),
    industry("Media", 0.8, 0.1, 1, "Broadcasting/Publishing/Radio/Media Group", {
      grossMargin: 40,
      ps: 1,
      debtToEquity: 1.4,
    }),
  ]),
  sector("Industrials", "XLI", 115, 12, 1.05, 0.08, 0.95, fp(30, 8, 0.18, 1.8, 3.5, 0.9, 0.5, 1.5, 6, 4), [
    industry("Aerospace & Defense", 1.5, 0.09, 1, "Aerospace/Defense/Aviation/Dynamics", { grossMargin: 22, ps: 2 }),
    industry("Machinery", 3, 0.08, 0.9, "Machinery/Industries/Equipment/Tools", { grossMargin: 33 }),
    industry("Building Products", 1.5, 0.09, 0.9, "Building Products/Materials/Windows", { grossMargin: 32 }),
    industry("Transportation & Logistics", 2.5, 0.1, 1, "Logistics/Freight/Transport/Airlines/Shipping", {
      grossMargin: 20,
      netMargin: 5,
      ps: 1,
      debtToEquity: 1.2,
    }),
    industry("Professional Services", 2, 0.07, 0.9, "Services/Staffing/Consulting Group", { ps: 1.5 }),
    industry("Electrical Equipment", 1.5, 0.11, 1.1, "Electric/Power Systems/Energy Systems", { lossShare: 0.3 }),
  ]),
  sector("Consumer Staples", "XLP", 72, 4, 0.6, 0.07, 0.75, fp(35, 6, 0.15, 1.3, 4, 1, 0.65, 2.8, 4, 3), [
    industry("Food Products", 1.5, 0.06, 0.9, "Foods/Farms/Brands/Kitchens", { grossMargin: 30 }),
    industry("Beverages", 0.8, 0.06, 0.9, "Beverage/Bottling/Brewing/Spirits", {
      grossMargin: 50,
      netMargin: 12,
      ps: 3,
    }),
    industry("Household & Personal Products", 0.8, 0.06, 0.9, "Household/Personal Care/Consumer Products", {
      grossMargin: 45,
      netMargin: 10,
      ps: 2.5,
    }),
    industry("Food & Staples Retailing", 0.9, 0.06, 0.9, "Markets/Grocers/Wholesale/Supermarkets", {
      grossMargin: 25,
      netMargin: 2.5,
      ps: 0.4,
    }),
    industry("Tobacco", 0.3, 0.07, 0.8, "Tobacco/Leaf", {
      grossMargin: 60,
      netMargin: 25,
      ps: 4,
      dividendShare: 0.8,
      dividendYield: 6,
    }),
  ]),
  sector("Energy", "XLE", 85, 4.5, 0.9, 0.18, 1, fp(35, 10, 0.2, 1.5, 1.8, 0.6, 0.6, 3.5, 0, 12), [
    industry("Oil & Gas Exploration & Production", 2, 0.12, 1.05, "Petroleum/Oil & Gas/Resources/Energy", {
      grossMargin: 50,
      netMargin: 18,
      ps: 2.2,
    }),
    industry("Integrated Oil & Gas", 0.4, 0.06, 0.7, "Energy/Oil", { netMargin: 9, ps: 1 }),
    industry("Oil & Gas Equipment & Services", 1, 0.1, 1.1, "Drilling/Energy Services/Oilfield", {
      grossMargin: 22,
      netMargin: 7,
      ps: 1.3,
    }),
    industry("Oil & Gas Midstream", 0.8, 0.07, 0.8, "Pipeline/Midstream/Partners", {
      grossMargin: 30,
      ps: 2,
      debtToEquity: 1.3,
      dividendShare: 0.85,
      dividendYield: 6,
    }),
    industry("Oil & Gas Refining & Marketing", 0.4, 0.09, 0.9, "Refining/Fuels", {
      grossMargin: 10,
      netMargin: 4,
      ps: 0.4,
    }),
  ]),
  sector("Utilities", "XLU", 65, 2.5, 0.45, 0.09, 0.6, fp(40, 12, 0.08, 2.4, 1.8, 1.5, 0.9, 3.6, 4, 15), [
    industry("Electric Utilities", 1.2, 0.04, 0.9, "Power/Electric/Energy"),
    industry("Gas Utilities", 0.4, 0.05, 0.9, "Gas/Natural Gas"),
    industry("Multi-Utilities", 0.4, 0.04, 0.9, "Utilities/Energy Group"),
    industry("Water Utilities", 0.3, 0.05, 0.9, "Water/Water Works"),
    industry("Renewable Electricity", 0.3, 0.15, 1.8, "Renewables/Solar/Wind Power/Clean Energy", {
      lossShare: 0.4,
      dividendShare: 0.4,
      dividendYield: 1.5,
    }),
  ]),
  sector("Materials", "XLB", 85, 4, 1, 0.1, 1, fp(28, 8, 0.25, 1.5, 2.3, 0.6, 0.5, 2, 2, 7), [
    industry("Chemicals", 1.5, 0.07, 0.9, "Chemical/Chemicals/Materials/Polymers"),
    industry("Metals & Mining", 1.2, 0.15, 1.2, "Mining/Metals/Minerals/Steel/Copper", { lossShare: 0.35 }),
    industry("Gold", 0.8, 0.2, 1.3, "Gold/Precious Metals/Goldfields", { lossShare: 0.45 }),
    industry("Construction Materials", 0.3, 0.08, 0.9, "Aggregates/Cement"),
    industry("Containers & Packaging", 0.5, 0.07, 0.9, "Packaging/Containers"),
  ]),
  sector("Real Estate", "XLRE", 40, 5, 0.95, 0.1, 0.8, fp(60, 18, 0.25, 7, 1.6, 1, 0.9, 4.5, 4, 30), [
    industry("REITs—Residential", 1, 0.06, 0.9, "Residential/Apartments/Living/Homes Trust"),
    industry("REITs—Industrial", 0.8, 0.07, 0.9, "Industrial Realty/Logistics Properties"),
    industry("REITs—Office", 0.8, 0.14, 1.1, "Office Properties/Office Trust", { dividendYield: 6.5 }),
    industry("REITs—Retail", 1, 0.07, 0.9, "Retail Properties/Shopping Centers/Realty"),
    industry("REITs—Specialty", 1, 0.07, 0.9, "Towers/Data Centers/Storage/Timberlands"),
    industry("Real Estate Services", 0.6, 0.1, 1.1, "Realty/Real Estate/Property Services", {
      dividendShare: 0.3,
      dividendYield: 1.5,
      ps: 1.2,
    }),
  ]),
];

/** All industries flattened, so each gets one factor path; `industryIndex(s, i)` finds one. */
export const INDUSTRY_OFFSETS: readonly number[] = SECTORS.reduce<number[]>((acc, _s, i) => {
  acc.push(i === 0 ? 0 : (acc[i - 1] ?? 0) + (SECTORS[i - 1]?.industries.length ?? 0));
  return acc;
}, []);

export const INDUSTRY_COUNT = SECTORS.reduce((n, s) => n + s.industries.length, 0);

export function industryIndex(sectorIndex: number, ind: number): number {
  return (INDUSTRY_OFFSETS[sectorIndex] ?? 0) + ind;
}
