'use client';
/** The routing-dimension part of the key-type form; which fields show depends on the kind. */
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { errorUnder, type FieldErrors } from '~/lib/field-errors.ts';

export interface TDimensionValues {
  kind: string;
  group: string;
  centreRegion: string;
  codes: string;
  code: string;
  instance: string;
}

export const DIMENSION_KINDS = [
  { value: 'mid', label: 'by meeting ID (code in the ID)' },
  { value: 'identity', label: 'by identity (appid 0 = personal)' },
  { value: 'hash', label: 'hash mod N over codes' },
  { value: 'fixed', label: 'fixed code' },
  { value: 'fixed-instance', label: 'fixed instance' },
] as const;

/** Builds the candidate `dimension` object for ZKeyType to check. */
export function toDimension(v: TDimensionValues): unknown {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  switch (v.kind) {
    case 'mid':
      return { kind: 'mid', group: v.group || 'mid' };
    case 'identity':
      return { kind: 'identity', group: v.group || 'appid', centreRegion: v.centreRegion };
    case 'hash':
      return {
        kind: 'hash',
        ...(v.group ? { group: v.group } : {}),
        codes: v.codes
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number),
      };
    case 'fixed':
      return { kind: 'fixed', code: number(v.code) };
    default:
      return { kind: v.kind, instance: v.instance };
  }
}

interface Props {
  values: TDimensionValues;
  onChange: (values: TDimensionValues) => void;
  errors: FieldErrors;
  regions: ReadonlyArray<string>;
  instances: ReadonlyArray<string>;
}

export function DimensionFields({ values, onChange, errors, regions, instances }: Props) {
  const set = (field: keyof TDimensionValues) => (value: string) => onChange({ ...values, [field]: value });
  const err = (field: string) => errorUnder(errors, `dimension.${field}`);
  return (
    <div className="row" style={{ alignItems: 'flex-start' }}>
      <SelectField
        label="Routing dimension"
        value={values.kind}
        options={DIMENSION_KINDS}
        onChange={set('kind')}
        error={err('kind')}
      />
      {values.kind === 'mid' || values.kind === 'identity' || values.kind === 'hash' ? (
        <TextField
          label="Group"
          value={values.group}
          onChange={set('group')}
          error={err('group')}
          hint={values.kind === 'hash' ? 'empty = whole key' : 'named regex group'}
        />
      ) : null}
      {values.kind === 'identity' ? (
        <SelectField
          label="Centre region"
          value={values.centreRegion}
          options={regions}
          onChange={set('centreRegion')}
          error={err('centreRegion')}
        />
      ) : null}
      {values.kind === 'hash' ? (
        <TextField
          label="Codes"
          value={values.codes}
          onChange={set('codes')}
          error={err('codes')}
          hint="comma separated"
        />
      ) : null}
      {values.kind === 'fixed' ? (
        <TextField label="Fixed code" type="number" value={values.code} onChange={set('code')} error={err('code')} />
      ) : null}
      {values.kind === 'fixed-instance' ? (
        <SelectField
          label="Instance"
          value={values.instance}
          options={['', ...instances]}
          onChange={set('instance')}
          error={err('instance')}
        />
      ) : null}
    </div>
  );
}
