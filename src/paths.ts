// Locations of files shipped with the package (templates, schemas), resolved from this module,
// so they work from `lib/` (compiled) and from `src/` (tests run through vitest) alike.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the folder holding package.json, templates/ and schemas/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Absolute path of a file under the package's templates/ folder. */
export const templatePath = (...parts: string[]): string => join(packageRoot, "templates", ...parts);

/** Absolute path of a file under the package's schemas/ folder. */
export const schemaPath = (...parts: string[]): string => join(packageRoot, "schemas", ...parts);
