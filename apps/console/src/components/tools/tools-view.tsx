'use client';
import { PageHeader } from '~/components/ui/card.tsx';
import { DecodeIdTool } from './decode-id-tool.tsx';
import { RoutePreviewTool } from './route-preview-tool.tsx';

export function ToolsView() {
  return (
    <>
      <PageHeader
        title="Tools"
        subtitle="Decode meeting IDs and preview where a key routes, with the same code the proxy runs."
      />
      <DecodeIdTool />
      <RoutePreviewTool />
    </>
  );
}
