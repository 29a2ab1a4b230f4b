import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-muted-fg">There is nothing at this address.</p>
      <Link href="/courses" className="mt-4 inline-block text-primary underline">
        Browse courses
      </Link>
    </div>
  );
}
