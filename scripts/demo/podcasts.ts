/** One demo podcast episode: its script is spoken by eSpeak NG when the demo is seeded. */
export interface DemoEpisode {
  title: string;
  /** `YYYY-MM-DD`. */
  releaseDate: string;
  description: string;
  script: string;
}

/** One demo podcast show, owned by the demo label account. */
export interface DemoShow {
  name: string;
  publisher: string;
  description: string;
  languages: string[];
  /** eSpeak NG voice of the host. */
  voice: string;
  episodes: readonly DemoEpisode[];
}

/** The demo podcasts: two shows of three short spoken episodes each. */
export const DEMO_SHOWS: readonly DemoShow[] = [
  {
    name: "Edge Notes",
    publisher: "Cadenza Radio",
    description: "Short talks about how music streaming works, from the upload to your speakers.",
    languages: ["en"],
    voice: "en-us",
    episodes: [
      {
        title: "From Upload to Playback",
        releaseDate: "2026-09-01",
        description: "What happens to a song between the upload button and the first note you hear.",
        script:
          "Welcome to Edge Notes. Today we follow a song from the upload button to your speakers. " +
          "The original file lands in object storage. A queue wakes the transcoder, which encodes five versions, " +
          "from twenty four kilobits per second to lossless. Each version is cut into ten second segments. " +
          "Only when every segment is stored does the catalog point at the new encode. Then the song is live.",
      },
      {
        title: "Why Ten Second Segments",
        releaseDate: "2026-10-01",
        description: "Chunked streaming, adaptive bitrate, and why the first chunk matters most.",
        script:
          "This is Edge Notes, episode two. Why do we cut audio into ten second segments? " +
          "Because a player can switch quality at every segment boundary. When your train enters a tunnel, " +
          "the next segment comes at a lower bitrate, and the music keeps playing. " +
          "Segments never change once written, so every edge cache can keep them for a year.",
      },
      {
        title: "One Listener, Many Devices",
        releaseDate: "2026-11-01",
        description: "How your phone and your laptop agree on what is playing.",
        script:
          "Edge Notes, episode three. You pause on your phone, open your laptop, and press play. " +
          "The same song continues at the same second. One small object per listener keeps that state, " +
          "and tells every connected device about each change within a few milliseconds. " +
          "Only one device plays at a time. Thanks for listening.",
      },
    ],
  },
  {
    name: "Liner Notes",
    publisher: "Cadenza Demo Label",
    description: "The stories behind the demo catalog's invented artists.",
    languages: ["en"],
    voice: "en-gb",
    episodes: [
      {
        title: "Night Buses and Late Beats",
        releaseDate: "2026-08-15",
        description: "Kojo Mensah on writing an album between midnight shifts.",
        script:
          "Hello and welcome to Liner Notes. This week, Late Bus Home by Kojo Mensah. " +
          "Every track was sketched on a phone between midnight shifts, then finished in a single weekend. " +
          "Listen for the bass line of Night Shift. It follows the rhythm of the bus engine.",
      },
      {
        title: "Rooms Full of Water",
        releaseDate: "2026-09-15",
        description: "Mara Quinn's ambient record and the sea that shaped it.",
        script:
          "Liner Notes, episode two. Mara Quinn recorded Tidal Rooms in a house by the sea. " +
          "The slow chords follow the tide tables, one change for every wave she counted. " +
          "Put it on when the room is quiet, and let it drift.",
      },
      {
        title: "Chrome and Rust",
        releaseDate: "2026-10-15",
        description: "The Rust Belt Radio on three chords and a long road.",
        script:
          "Liner Notes, episode three. The Rust Belt Radio play loud, and they play it simple. " +
          "Three chords, one long road, and a van that broke down twice on the way to the studio. " +
          "Mileage is the sound of that road. See you next time on Liner Notes.",
      },
    ],
  },
];
