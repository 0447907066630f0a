import logging
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from server.notify.worker import Worker, install_signal_handlers


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option(
    "--interval",
    type=float,
    default=None,
    help="Seconds between rounds (default LYKTA_WORKER_INTERVAL, 10).",
)
@click.option("--parent-pid", type=int, default=None, hidden=True)
@with_appcontext
def worker_command(once, interval, parent_pid):
    """Deliver queued notifications over SMTP (SMTP_URL). Several may run at once."""
    app = current_app._get_current_object()
    worker = Worker(app)
    if once:
        stats = worker.run_once()
        click.echo(
            f"Sent {stats.sent} emails; {stats.retried} to try again later, {stats.failed} "
            f"failed, {stats.cancelled} no longer needed."
        )
        return
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s"
        )
    stop = threading.Event()
    install_signal_handlers(stop)
    worker.run_forever(stop, interval or app.config["LYKTA_WORKER_INTERVAL"], parent_pid)
