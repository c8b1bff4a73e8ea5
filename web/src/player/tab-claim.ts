/**
 * One device per tab: a tab's device id lives in sessionStorage (so a reload is the same device),
 * but duplicating a tab copies sessionStorage. Tabs answer each other over a BroadcastChannel, so
 * a copy finds out its id is taken and registers its own.
 */

const CHANNEL = "cadenza.device-claims";
/** How long a tab waits for another to say "that id is mine", ms. */
const ANSWER_WAIT_MS = 150;

type ClaimMessage = { type: "who-has"; id: string } | { type: "mine"; id: string };

/** Whether another open tab of this browser already uses device `id`. */
export function isClaimedElsewhere(id: string): Promise<boolean> {
  if (typeof BroadcastChannel === "undefined") return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new BroadcastChannel(CHANNEL);
    const done = (claimed: boolean) => {
      clearTimeout(timer);
      channel.close();
      resolve(claimed);
    };
    const timer = setTimeout(() => done(false), ANSWER_WAIT_MS);
    channel.onmessage = (event: MessageEvent<ClaimMessage>) => {
      if (event.data.type === "mine" && event.data.id === id) done(true);
    };
    channel.postMessage({ type: "who-has", id } satisfies ClaimMessage);
  });
}

/** Answers other tabs asking about `id` until the returned function is called. */
export function holdClaim(id: string): () => void {
  if (typeof BroadcastChannel === "undefined") return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<ClaimMessage>) => {
    if (event.data.type === "who-has" && event.data.id === id) {
      channel.postMessage({ type: "mine", id } satisfies ClaimMessage);
    }
  };
  return () => channel.close();
}
