import type { Metadata } from 'next';
import { CodesPage } from '~/components/model/pages.tsx';

export const metadata: Metadata = { title: 'Storage codes' };

export default function Page() {
  return <CodesPage />;
}
