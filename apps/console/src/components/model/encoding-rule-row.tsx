'use client';
import type { FieldErrors } from '~/lib/field-errors.ts';

export interface TRuleRow {
  region: string;
  identity: string;
  set: string;
  code: string;
}

interface Props {
  index: number;
  row: TRuleRow;
  regions: ReadonlyArray<string>;
  errors: FieldErrors;
  last: boolean;
  onChange: (row: TRuleRow) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

function CellError({ message }: { message: string | undefined }) {
  return message ? (
    <div role="alert" style={{ color: 'var(--danger)', fontSize: 12 }}>
      {message}
    </div>
  ) : null;
}

/** One editable rule; inputs are labelled per row so each is reachable by its label. */
export function RuleRow({ index, row, regions, errors, last, onChange, onMove, onRemove }: Props) {
  const err = (field: keyof TRuleRow) => errors[`${index}.${field}`];
  const n = index + 1;
  return (
    <tr data-testid={`encoding-rule-${index}`}>
      <td>{n}</td>
      <td>
        <select
          aria-label={`Rule ${n} region`}
          value={row.region}
          aria-invalid={Boolean(err('region'))}
          onChange={(e) => onChange({ ...row, region: e.target.value })}
        >
          {regions.map((region) => (
            <option key={region} value={region}>
              {region}
            </option>
          ))}
        </select>
        <CellError message={err('region')} />
      </td>
      <td>
        <select
          aria-label={`Rule ${n} identity`}
          value={row.identity}
          aria-invalid={Boolean(err('identity'))}
          onChange={(e) => onChange({ ...row, identity: e.target.value })}
        >
          {['*', 'personal', 'enterprise'].map((identity) => (
            <option key={identity} value={identity}>
              {identity}
            </option>
          ))}
        </select>
        <CellError message={err('identity')} />
      </td>
      <td>
        <input
          aria-label={`Rule ${n} set`}
          value={row.set}
          aria-invalid={Boolean(err('set'))}
          onChange={(e) => onChange({ ...row, set: e.target.value })}
        />
        <CellError message={err('set')} />
      </td>
      <td>
        <input
          aria-label={`Rule ${n} code`}
          type="number"
          value={row.code}
          aria-invalid={Boolean(err('code'))}
          onChange={(e) => onChange({ ...row, code: e.target.value })}
          style={{ width: 80 }}
        />
        <CellError message={err('code')} />
      </td>
      <td>
        <div className="row">
          <button
            type="button"
            className="secondary"
            aria-label={`Move rule ${n} up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={`Move rule ${n} down`}
            disabled={last}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
          <button type="button" className="secondary" aria-label={`Remove rule ${n}`} onClick={onRemove}>
            Remove
          </button>
        </div>
      </td>
    </tr>
  );
}
