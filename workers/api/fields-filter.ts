import { ApiError } from "../errors.ts";

/**
 * Spotify's `fields` filter: a comma-separated list of field names; `a.b` reaches into an
 * object, `a(b,c)` keeps several of its fields, and `!name` drops a field instead of keeping
 * it. Arrays are filtered element by element. E.g.
 * `name,tracks.items(added_at,track(name,album(!available_markets)))`.
 */
export interface FieldSelection {
  /** Fields kept, with what to keep inside them (null: all of it). */
  include: Map<string, FieldSelection | null>;
  exclude: Set<string>;
}

const MAX_FIELDS_LENGTH = 1000;
const NAME = /^[A-Za-z0-9_]+/;

export function parseFields(text: string): FieldSelection {
  if (text.length > MAX_FIELDS_LENGTH) throw fieldsError(`at most ${MAX_FIELDS_LENGTH} characters`);
  let at = 0;
  const selection = (depth: number): FieldSelection => {
    if (depth > 10) throw fieldsError("nested too deeply");
    const result: FieldSelection = { include: new Map(), exclude: new Set() };
    for (;;) {
      const negated = text[at] === "!";
      if (negated) at++;
      const path: string[] = [];
      for (;;) {
        const name = NAME.exec(text.slice(at))?.[0];
        if (!name) throw fieldsError(`expected a field name at character ${at + 1}`);
        path.push(name);
        at += name.length;
        if (text[at] !== ".") break;
        at++;
      }
      let inner: FieldSelection | null = null;
      if (text[at] === "(") {
        at++;
        inner = selection(depth + 1);
        if (text[at] !== ")") throw fieldsError(`expected ')' at character ${at + 1}`);
        at++;
      }
      if (negated) {
        if (path.length > 1 || inner) throw fieldsError("'!' applies to one field name");
        result.exclude.add(path[0] as string);
      } else {
        addPath(result, path, inner);
      }
      if (text[at] !== ",") return result;
      at++;
    }
  };
  const parsed = selection(0);
  if (at !== text.length) throw fieldsError(`unexpected '${text[at]}' at character ${at + 1}`);
  return parsed;
}

function addPath(into: FieldSelection, path: string[], inner: FieldSelection | null): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    into.include.set(head, inner);
    return;
  }
  let child = into.include.get(head);
  if (child === null) return; // the whole field is kept already
  if (!child) {
    child = { include: new Map(), exclude: new Set() };
    into.include.set(head, child);
  }
  addPath(child, rest, inner);
}

/** `value` with only the selected fields. */
export function applyFields(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((element) => applyFields(element, selection));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keepAll = selection.include.size === 0;
  for (const [key, field] of Object.entries(record)) {
    if (selection.exclude.has(key)) continue;
    if (keepAll) {
      out[key] = field;
      continue;
    }
    if (!selection.include.has(key)) continue;
    const inner = selection.include.get(key);
    out[key] = inner ? applyFields(field, inner) : field;
  }
  return out;
}

function fieldsError(detail: string): ApiError {
  return new ApiError(400, "invalid_request", `Invalid fields: ${detail}.`);
}
