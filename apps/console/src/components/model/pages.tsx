'use client';
/** The model pages: each frames one editor with the draft it edits. */
import { ModelPage } from './model-page.tsx';
import { RegionsEditor } from './regions-editor.tsx';
import { InstancesEditor } from './instances-editor.tsx';
import { CodesEditor } from './codes-editor.tsx';
import { EncodingRulesEditor } from './encoding-rules-editor.tsx';
import { KeyTypesEditor } from './key-types-editor.tsx';
import { CallersEditor } from './callers-editor.tsx';

export function RegionsPage() {
  return (
    <ModelPage title="Regions" subtitle="The regions traffic can live in.">
      {(draft) => <RegionsEditor draft={draft} />}
    </ModelPage>
  );
}

export function InstancesPage() {
  return (
    <ModelPage title="Instances" subtitle="Redis deployments, with their live replication state.">
      {(draft) => <InstancesEditor draft={draft} />}
    </ModelPage>
  );
}

export function CodesPage() {
  return (
    <ModelPage
      title="Storage codes"
      subtitle="Each code has an identity, a home region and an instance per region (primary at home, mirrors elsewhere)."
    >
      {(draft) => <CodesEditor draft={draft} />}
    </ModelPage>
  );
}

export function EncodingRulesPage() {
  return (
    <ModelPage title="Encoding rules" subtitle="Which code a new meeting ID gets, by region, identity and set.">
      {(draft) => <EncodingRulesEditor draft={draft} />}
    </ModelPage>
  );
}

export function KeyTypesPage() {
  return (
    <ModelPage title="Key types" subtitle="How each key pattern is routed, read and cached.">
      {(draft) => <KeyTypesEditor draft={draft} />}
    </ModelPage>
  );
}

export function CallersPage() {
  return (
    <ModelPage title="Callers" subtitle="Services allowed to talk to the proxy, their commands, key types and limits.">
      {(draft) => <CallersEditor draft={draft} />}
    </ModelPage>
  );
}
