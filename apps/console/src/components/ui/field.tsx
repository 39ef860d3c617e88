'use client';
/**
 * Form fields with their error message next to them. The input sits inside its <label>,
 * so `getByLabel('Reason')` finds it, and the error is tied to it with aria-describedby.
 */
import { useId, type ReactNode } from 'react';
import styles from './field.module.css';

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (control: { id: string; invalid: boolean; describedBy: string | undefined }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {children({ id, invalid: Boolean(error), describedBy: error ? errorId : undefined })}
      {hint && !error ? <span className={styles.hint}>{hint}</span> : null}
      {error ? (
        <span id={errorId} role="alert" className={styles.error}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'number' | 'password' | 'email' | 'datetime-local';
  placeholder?: string;
  testId?: string;
  disabled?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  /** Suggestions shown by the browser (a <datalist>); any other value may still be typed. */
  suggestions?: ReadonlyArray<string>;
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  placeholder,
  testId,
  disabled,
  autoComplete,
  multiline,
  suggestions,
}: TextFieldProps) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {({ id, invalid, describedBy }) =>
        multiline ? (
          <textarea
            id={id}
            value={value}
            rows={3}
            placeholder={placeholder}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            data-testid={testId}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <>
            <input
              id={id}
              list={suggestions ? `${id}-list` : undefined}
              type={type}
              value={value}
              placeholder={placeholder}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              data-testid={testId}
              disabled={disabled}
              autoComplete={autoComplete}
              step={type === 'number' ? 'any' : undefined}
              onChange={(event) => onChange(event.target.value)}
            />
            {suggestions ? (
              <datalist id={`${id}-list`}>
                {suggestions.map((suggestion) => (
                  <option key={suggestion} value={suggestion} />
                ))}
              </datalist>
            ) : null}
          </>
        )
      }
    </Field>
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  options: ReadonlyArray<string | { value: string; label: string }>;
  onChange: (value: string) => void;
  error?: string | undefined;
  testId?: string;
  disabled?: boolean;
}

export function SelectField({ label, value, options, onChange, error, testId, disabled }: SelectFieldProps) {
  return (
    <Field label={label} error={error}>
      {({ id, invalid, describedBy }) => (
        <select
          id={id}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          data-testid={testId}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        >
          {options.map((option) => {
            const { value: v, label: l } = typeof option === 'string' ? { value: option, label: option } : option;
            return (
              <option key={v} value={v}>
                {l}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}
