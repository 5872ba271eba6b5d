// The `--format` / `--to` value of the manifest commands: one of the two manifest forms.
import { MANIFEST_FORMS, type ManifestForm } from '../../manifest/manifest-form.js';

/** Undefined when the option is absent; throws a usage message for any other value. */
export function manifestFormArg(option: string, value: string | undefined): ManifestForm | undefined {
  if (value === undefined) return undefined;
  if ((MANIFEST_FORMS as readonly string[]).includes(value)) return value as ManifestForm;
  throw new Error(`${option} must be one of ${MANIFEST_FORMS.join(', ')}, got ${JSON.stringify(value)}`);
}
