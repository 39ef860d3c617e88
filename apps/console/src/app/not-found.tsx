import Link from 'next/link';

export default function NotFound() {
  return (
    <p style={{ padding: 24 }}>
      No such page. <Link href="/">Back to the overview</Link>.
    </p>
  );
}
