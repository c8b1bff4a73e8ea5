import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "../api/client.ts";
import type { Me } from "../api/types.ts";

export function HomePage() {
  const me = useSignal<Me | null>(null);
  useEffect(() => {
    api<Me>("/v1/me").then((value) => {
      me.value = value;
    });
  }, []);
  return (
    <section class="page" aria-labelledby="home-title">
      <h1 id="home-title">{me.value ? `Good to see you, ${me.value.display_name}` : "Home"}</h1>
    </section>
  );
}
