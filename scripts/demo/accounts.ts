/** Password of every demo account. Local development only: never seed a public instance. */
export const DEMO_PASSWORD = "cadenza-demo";

/** A demo account and the access it is given. */
export interface DemoAccount {
  email: string;
  displayName: string;
  /** ISO 3166-1 alpha-2 country, which decides the markets it can play. */
  country: string;
  role: "listener" | "artist" | "admin";
  product: "free" | "premium";
}

/**
 * The demo accounts: a free and a premium listener, the label account that uploads the catalog,
 * and an admin who runs the ads catalogue.
 */
export const DEMO_ACCOUNTS = {
  free: {
    email: "free@cadenza.local",
    displayName: "Freya Lind",
    country: "SE",
    role: "listener",
    product: "free",
  },
  premium: {
    email: "premium@cadenza.local",
    displayName: "Parker Hayes",
    country: "US",
    role: "listener",
    product: "premium",
  },
  artist: {
    email: "artist@cadenza.local",
    displayName: "Cadenza Demo Label",
    country: "GB",
    role: "artist",
    product: "premium",
  },
  admin: {
    email: "admin@cadenza.local",
    displayName: "Cadenza Demo Admin",
    country: "GB",
    role: "admin",
    product: "premium",
  },
} as const satisfies Record<string, DemoAccount>;
