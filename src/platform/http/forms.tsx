import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { UserError } from './errors.ts';

/** The error of a submitted form, shown next to the field it names. */
export interface FormError {
  readonly message: string;
  readonly field?: string | undefined;
}

/** Turns a refused use case into the form's error; anything else is rethrown. */
export function formErrorOf(error: unknown): FormError {
  if (error instanceof UserError) return { message: error.message, field: error.field };
  throw error;
}

/** A labelled field; when the error names it, it is marked invalid and described by the message. */
export function Field(props: { id: string; name: string; label: string; error?: FormError | null | undefined; hint?: string; children?: ComponentChildren } & Record<string, unknown>) {
  const { id, name, label, error, hint, children, ...input } = props;
  const invalid = error?.field === name;
  const described = [hint ? `${id}-aide` : null, invalid ? `${id}-erreur` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p class="error" id={`${id}-erreur`}>
          {error!.message}
        </p>
      ) : null}
      {children ?? <input id={id} name={name} aria-invalid={invalid ? 'true' : undefined} aria-describedby={described} {...input} />}
    </div>
  );
}

/** The form's error when it names no field of the form. */
export function FormAlert(props: { error?: FormError | null | undefined; fields: readonly string[] }) {
  if (!props.error || (props.error.field && props.fields.includes(props.error.field))) return null;
  return (
    <p class="error" role="alert">
      {props.error.message}
    </p>
  );
}

/** The page's CSRF token, provided by the layout to every form inside it. */
export const CsrfContext = createContext<string | null>(null);

/** The hidden field every POST form carries. */
export function CsrfField() {
  return <input type="hidden" name="_csrf" value={useContext(CsrfContext) ?? ''} />;
}
