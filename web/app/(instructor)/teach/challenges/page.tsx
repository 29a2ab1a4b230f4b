import { Protected } from "@/components/auth/protected";
import { Challenges } from "@/components/teach/challenges";

export default function Page() {
  return (
    <Protected role="instructor">
      <h1 className="mb-4 text-2xl font-bold">Challenges</h1>
      <Challenges />
    </Protected>
  );
}
