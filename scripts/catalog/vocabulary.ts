/**
 * Word lists the synthetic catalogue builds names from: common English title words, words with
 * diacritics from European languages, and whole words in non-Latin scripts, so search meets the
 * mix a real catalogue has (accents to fold, scripts without spaces, short and long words).
 */

export const ENGLISH_WORDS = (
  "love night heart light dream fire rain summer city road home time world blue gold wild young " +
  "river ocean shadow dance feel gone stay run fall rise sky star moon sun wave storm ghost echo " +
  "alive lonely forever midnight morning golden silver electric broken neon velvet paper glass " +
  "stone iron sugar honey whiskey highway kingdom garden window mirror thunder lightning letter " +
  "promise secret memory story song melody rhythm chorus silence voice whisper scream heaven hell " +
  "angel devil saint sinner king queen prince lady boy girl baby friend lover stranger rebel " +
  "hero dreamer runner driver shape touch kiss hold break burn shine fade drift float fly crash " +
  "wonder fever habit motion gravity signal static circuit satellite orbit galaxy planet comet " +
  "desert island mountain valley forest canyon harbor bridge tunnel station avenue boulevard " +
  "sunday monday friday weekend yesterday tomorrow tonight always never somewhere nowhere " +
  "red black white green purple crimson amber scarlet indigo violet coral ivory " +
  "slow fast high low deep cold warm sweet bitter wicked holy lucky crazy easy heavy hollow " +
  "back again away alone together apart inside outside under over beyond between without " +
  "smile tears blood bones skin eyes hands lips heartbeat pulse breath soul mind spirit " +
  "party disco boogie groove funk soul blues jazz rock roll riot revolution freedom glory"
).split(" ");

export const ACCENTED_WORDS = (
  "corazón canción noche mañana día sueño fuego señor niña pájaro último después también " +
  "été château rêve cœur lumière fenêtre désir mélodie éternité forêt bientôt où naïve " +
  "über schön müde träume nächte früh glück märchen grün straße weiß " +
  "coração canção saudade não irmão lição avó mãe pão " +
  "søvn blå ø å hjärta år där fjäll " +
  "zoë beyoncé björk café fiancée résumé déjà vu"
).split(" ");

/** Whole titles or words in scripts without Latin letters (search falls back to trigrams for them). */
export const NON_LATIN_WORDS = (
  "夜空 東京 恋人 さくら 夢 ひかり 雨音 ネオン 真夜中 花火 星空 約束 海辺 風 " +
  "사랑 밤 별빛 서울 꿈 우리 너와 나 봄날 " +
  "любовь ночь звезда город зима мечта ветер " +
  "αγάπη θάλασσα νύχτα ήλιος " +
  "حب ليل قمر"
).split(" ");

export const FIRST_NAMES = (
  "Ava Liam Mia Noah Zoë Élodie Mateo Lucía Søren Björn Chloé José André Amélie Jürgen Márta " +
  "Kojo Amara Wei Hana Yuki Min Ji Aarav Priya Omar Layla Santiago Valentina Luca Giulia " +
  "Nadia Ivan Olga Dmitri Sven Ingrid Niamh Seán Aoife Ruairí Maya Leo Ruby Felix Iris Jonah"
).split(" ");

export const LAST_NAMES = (
  "Marchand Quinn Mensah Lind Hayes Okafor Nakamura Kim Park Ivanova Petrov Rossi García López " +
  "Müller Schäfer Dubois Lefèvre Núñez Peña Åberg Ødegaard Nowak Kowalski O'Brien Brennan " +
  "Santos Oliveira Costa Haddad Khan Patel Singh Chen Wang Tanaka Sato Moreau Laurent Fischer"
).split(" ");

export const BAND_NOUNS = (
  "Wolves Lights Kids Machines Rivers Ghosts Saints Echoes Satellites Pilots Horses Mirrors " +
  "Radio Collective Orchestra Society Club Brothers Sisters Union Parade Choir Assembly"
).split(" ");

export const GENRES = [
  "Pop",
  "Rock",
  "Hip-Hop",
  "Electronic",
  "Jazz",
  "Classical",
  "R&B",
  "Country",
  "Folk",
  "Metal",
  "Indie",
  "Latin",
  "K-Pop",
  "J-Pop",
  "Reggae",
  "Blues",
  "Soul",
  "Funk",
  "Ambient",
  "Punk",
  "House",
  "Techno",
  "Afrobeats",
  "Bossa Nova",
  "Chanson",
] as const;
