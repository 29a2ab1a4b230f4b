import { Suspense } from "react";
import { Protected } from "@/components/auth/protected";
import { CheckoutSuccess } from "@/components/payments/checkout-success";
import { Loading } from "@/components/ui/states";

export default function Page() {
  return (
    <Protected>
      <Suspense fallback={<Loading />}>
        <CheckoutSuccess />
      </Suspense>
    </Protected>
  );
}
