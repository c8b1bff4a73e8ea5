/** ISO 3166-1 alpha-2 codes of every market Cadenza can license a track in. */
export const COUNTRY_CODES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW " +
  "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI " +
  "FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN " +
  "IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
  "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF " +
  "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
  "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE " +
  "YT ZA ZM ZW XK"
).split(" ");

const KNOWN = new Set(COUNTRY_CODES);

export function isCountryCode(code: string): boolean {
  return KNOWN.has(code.toUpperCase());
}

/**
 * Turns a comma list (`"de, AT,ch"`) into the stored form (`",AT,CH,DE,"`); an empty list means
 * everywhere (null). Throws on an unknown code, naming it.
 */
export function encodeMarkets(list: string): string | null {
  const codes = [
    ...new Set(
      list
        .split(",")
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  if (codes.length === 0) return null;
  const unknown = codes.filter((code) => !KNOWN.has(code));
  if (unknown.length) throw new RangeError(`unknown market code(s): ${unknown.join(", ")}`);
  return `,${codes.sort().join(",")},`;
}

/** The markets as Spotify's `available_markets` array. */
export function decodeMarkets(stored: string | null): string[] {
  return stored === null ? COUNTRY_CODES : stored.split(",").filter(Boolean);
}

/** Whether a track stored with `markets` may be played in `country`. */
export function isAvailableIn(markets: string | null, country: string): boolean {
  return markets === null || markets.includes(`,${country.toUpperCase()},`);
}

/**
 * Where at least one of several tracks may play (an album's markets from its tracks'): null
 * (everywhere) when any of them is, else the stored form of every code in any of them.
 */
export function unionMarkets(stored: readonly (string | null)[]): string | null {
  if (stored.length === 0 || stored.includes(null)) return null;
  const codes = new Set(stored.flatMap((markets) => decodeMarkets(markets)));
  return `,${[...codes].sort().join(",")},`;
}
