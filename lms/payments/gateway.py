"""The one seam to Stripe: the official `stripe` SDK (a StripeClient), configured from settings
(key, an API base for a local Stripe-compatible server, timeouts, retries), with every outbound
POST carrying an Idempotency-Key derived from what it is for. Stripe's failures become the app's
errors: unreachable or timed out is 503 (try again), anything else Stripe answers is 502.
Nothing here writes to the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import stripe

from kit import clock
from kit.errors import AppError, ServiceUnavailable
from kit.settings import HttpSettings, StripeSettings

T = TypeVar("T")


class BadGateway(AppError):
    status, title = 502, "Payment Provider Error"


class NotConfigured(ServiceUnavailable):
    title = "Checkout Unavailable"


class Gateway:
    def __init__(self, settings: StripeSettings, http: HttpSettings) -> None:
        self.settings = settings
        self.client: stripe.StripeClient | None = None
        if settings.api_key:
            self.client = stripe.StripeClient(
                settings.api_key,
                base_addresses={"api": settings.api_base} if settings.api_base else None,
                max_network_retries=2,
                # requests, not httpx: the SDK hands httpx form bodies as `data=`, which httpx
                # deprecates (a warning on every call)
                http_client=stripe.RequestsClient(
                    timeout=http.timeout_s + http.connect_timeout_s))

    @property
    def configured(self) -> bool:
        return self.client is not None

    def _call(self, action: Callable[[stripe.StripeClient], T]) -> T:
        if self.client is None:
            raise NotConfigured("payments are not set up here: checkout is unavailable",
                                retry_after=3600)
        try:
            return action(self.client)
        except stripe.APIConnectionError as exc:
            raise ServiceUnavailable(f"Stripe could not be reached ({exc.user_message or exc})",
                                     retry_after=10) from None
        except stripe.StripeError as exc:
            raise BadGateway(f"Stripe refused: {exc.user_message or exc}") from None

    def customer(self, user_id: str, email: str) -> str:
        made = self._call(lambda c: c.v1.customers.create(
            params={"email": email, "metadata": {"user_id": user_id}},
            options={"idempotency_key": f"customer:{user_id}"}))
        return str(made.id)

    def price(self, kind: Literal["course", "plan"], ref: str, title: str, amount: int,
              currency: str, product: str | None = None, interval: str | None = None,
              ) -> tuple[str, str]:
        """(product, price) for a course or a membership plan at this amount: its one Product
        (made the first time), and a new Price per amount (per interval for a plan's recurring
        one), never an edit."""
        tag, meta = ("" if kind == "course" else "plan:"), {f"{kind}_id": ref}
        if product is None:
            product = str(self._call(lambda c: c.v1.products.create(
                params={"name": title, "metadata": meta},
                options={"idempotency_key": f"product:{tag}{ref}"})).id)
        params: dict[str, Any] = {"product": product, "unit_amount": amount,
                                  "currency": currency, "metadata": meta}
        key = f"price:{tag}{ref}:{amount}:{currency}"
        if interval is not None:
            params["recurring"], key = {"interval": interval}, f"{key}:{interval}"
        made = self._call(lambda c: c.v1.prices.create(
            params=params, options={"idempotency_key": key}))  # type: ignore[arg-type]
        return product, str(made.id)

    def checkout(self, order_id: str, customer: str, price: str, metadata: dict[str, str],
                 success_url: str, cancel_url: str, subscription: bool = False,
                 ) -> tuple[str, str]:
        """A Checkout Session for a course (a payment) or a plan (a subscription, whose
        metadata names the learner and the plan): (its id, the URL to send the learner to)."""
        params: dict[str, Any] = {
            "mode": "subscription" if subscription else "payment", "customer": customer,
            "client_reference_id": order_id, "line_items": [{"price": price, "quantity": 1}],
            "metadata": {"order_id": order_id, **metadata}, "allow_promotion_codes": True,
            "success_url": success_url, "cancel_url": cancel_url}
        if subscription:
            params["subscription_data"] = {"metadata": {"order_id": order_id, **metadata}}
        else:
            params["payment_intent_data"] = {"metadata": {"order_id": order_id}}
        made = self._call(lambda c: c.v1.checkout.sessions.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": f"checkout:{order_id}"}))
        return str(made.id), str(made.url)

    def subscription(self, subscription_id: str) -> dict[str, Any]:
        return self._call(lambda c: c.v1.subscriptions.retrieve(subscription_id)).to_dict()

    def invoice(self, invoice_id: str) -> dict[str, Any]:
        """The invoice with its payments (the payment intent a refund needs)."""
        return self._call(lambda c: c.v1.invoices.retrieve(
            invoice_id, params={"expand": ["payments"]})).to_dict()

    def portal(self, customer: str, return_url: str) -> str:
        """A Stripe customer portal session's URL: the learner manages their plan there."""
        minute = int(clock.time() // 60)  # a double click within the minute: the same session
        made = self._call(lambda c: c.v1.billing_portal.sessions.create(
            params={"customer": customer, "return_url": return_url},
            options={"idempotency_key": f"portal:{customer}:{minute}"}))
        return str(made.url)

    def session(self, session_id: str) -> dict[str, Any]:
        """The Checkout Session as Stripe has it now (state changes always re-read it)."""
        found = self._call(lambda c: c.v1.checkout.sessions.retrieve(session_id))
        return found.to_dict()

    def payment_intent(self, intent_id: str) -> dict[str, Any]:
        return self._call(lambda c: c.v1.payment_intents.retrieve(
            intent_id, params={"expand": ["latest_charge"]})).to_dict()

    def charge(self, charge_id: str) -> dict[str, Any]:
        return self._call(lambda c: c.v1.charges.retrieve(charge_id)).to_dict()

    def dispute(self, dispute_id: str) -> dict[str, Any]:
        return self._call(lambda c: c.v1.disputes.retrieve(dispute_id)).to_dict()

    def refund(self, order_id: str, intent_id: str, amount: int, nth: int) -> dict[str, Any]:
        """Refund `amount` of the payment (the key names the order and which refund it is)."""
        return self._call(lambda c: c.v1.refunds.create(
            params={"payment_intent": intent_id, "amount": amount,
                    "metadata": {"order_id": order_id}},
            options={"idempotency_key": f"refund:{order_id}:{nth}:{amount}"})).to_dict()

    def recent_events(self, since: int, limit: int = 100) -> list[dict[str, Any]]:
        """Events Stripe made since `since` (epoch seconds), newest first."""
        found = self._call(lambda c: c.v1.events.list(
            params={"created": {"gte": since}, "limit": limit}))
        return [e.to_dict() for e in found.data]

    def event(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event, if the signature over the raw body is Stripe's and fresh; ValueError
        otherwise."""
        secret = self.settings.webhook_secret
        if not secret:
            raise NotConfigured("payments are not set up here", retry_after=3600)
        try:
            event = stripe.Webhook.construct_event(payload, signature, secret,
                                                   tolerance=self.settings.tolerance_s)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise ValueError(str(exc)) from None
        return dict(event.to_dict())
