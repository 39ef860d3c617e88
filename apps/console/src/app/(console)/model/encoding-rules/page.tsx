import type { Metadata } from 'next';
import { EncodingRulesPage } from '~/components/model/pages.tsx';

export const metadata: Metadata = { title: 'Encoding rules' };

export default function Page() {
  return <EncodingRulesPage />;
}
