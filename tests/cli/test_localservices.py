"""The private PostgreSQL: the product's cluster is durable, the tests' throwaway ones are not,
and a cluster left running without durability is restarted with it."""

from __future__ import annotations

from pathlib import Path

from cli.localservices import DURABILITY, LocalPostgres, free_port

ON = dict.fromkeys(DURABILITY, "on")
OFF = dict.fromkeys(DURABILITY, "off")


def test_a_running_throwaway_cluster_is_made_durable_when_the_product_starts_it(
        services_dir: Path) -> None:
    port = free_port()
    quick = LocalPostgres(services_dir / "durability", port, durable=False).start()
    try:
        assert quick.durability() == OFF
        product = LocalPostgres(services_dir / "durability", port).start()
        assert product.durability() == ON
        assert product.running()
    finally:
        quick.stop()
