import type { Metadata } from 'next';
import { KeyTypesPage } from '~/components/model/pages.tsx';

export const metadata: Metadata = { title: 'Key types' };

export default function Page() {
  return <KeyTypesPage />;
}
