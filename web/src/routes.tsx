import { HomePage } from "./pages/home.tsx";
import type { Route } from "./router.tsx";

/** Every page's deep link (the API's `external_urls` point at these paths). */
export const routes: Route[] = [{ pattern: "/", render: () => <HomePage /> }];
