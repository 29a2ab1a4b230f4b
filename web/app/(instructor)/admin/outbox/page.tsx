import { Protected } from "@/components/auth/protected";
import { Outbox } from "@/components/admin/outbox";

export default function Page() {
  return (
    <Protected role="admin">
      <Outbox />
    </Protected>
  );
}
