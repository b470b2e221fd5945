"""The ``shuzhi`` command line. Thin: every command calls a service or a pure module."""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuzhi.settings")
    import django

    django.setup()


def _user(username: str):  # type: ignore[no-untyped-def]
    from shuzhi.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"找不到账号「{username}」")
    return user


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """ShuZhi 述职评议考核系统."""


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def manage(ctx: click.Context) -> None:
    """Run a Django management command (migrate, createsuperuser, …)."""
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuzhi.settings")
    execute_from_command_line(["shuzhi manage", *ctx.args])


@main.command()
@click.option("--serve/--no-serve", default=False, help="Serve on localhost after setting up.")
@click.option("--port", default=8000, show_default=True)
@click.option("--seed", default=2016, show_default=True, help="Seed of the generated city.")
def demo(serve: bool, port: int, seed: int) -> None:
    """Migrate, build the demo city once, print the logins, and optionally serve it."""
    setup_django()
    from django.core.management import call_command

    from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city, demo_exists
    from shuzhi.orgs.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    if demo_exists():
        click.echo("演示数据已存在，直接使用。")
    else:
        click.echo("正在生成演示城市「青岚市」…")
        build_demo_city(seed=seed)
        from shuzhi.core.demo import build_app_demos

        build_app_demos(seed=seed, report=click.echo)
    click.echo(f"组织数：{Organization.objects.count()}")
    click.echo("")
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for line in demo_logins():
        click.echo(line)
    if serve:
        click.echo("")
        click.echo(f"访问 http://127.0.0.1:{port}/ （Ctrl+C 停止）")
        _serve(port)


def _serve(port: int) -> None:
    # The worker runs scheduled jobs (e.g. the daily overdue check); it shares the terminal's
    # process group, so Ctrl+C stops it together with the server.
    subprocess.Popen([sys.executable, "-m", "shuzhi", "worker"])
    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = [
        str(gunicorn),
        "shuzhi.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--logger-class",
        "shuzhi.core.server_logging.RedactingLogger",
        "--log-level",
        "warning",
    ]
    os.execv(args[0], args)


@main.command()
def worker() -> None:
    """Run the background worker (scheduled and queued jobs)."""
    setup_django()
    from django.core.management import call_command

    call_command("run_huey")


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="Account on whose behalf to import.")
def import_command(path: Path, username: str) -> None:
    """Import organisations, people, posts and representatives from an .xlsx workbook."""
    setup_django()
    from shuzhi.orgs.importing import import_workbook

    with path.open("rb") as stream:
        result = import_workbook(actor=_user(username), stream=stream)
    if not result.ok:
        for error in result.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(f"发现 {len(result.errors)} 处错误，未导入任何数据。")
    click.echo(f"导入成功。{result.summary()}")


@main.command("export")
@click.argument("code")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_command(code: str, path: Path) -> None:
    """Export the subtree rooted at organisation CODE to an .xlsx workbook."""
    setup_django()
    from shuzhi.orgs.exporting import export_subtree
    from shuzhi.orgs.models import Organization

    root = Organization.objects.filter(code=code).first()
    if root is None:
        raise click.ClickException(f"找不到编码为「{code}」的组织")
    with path.open("wb") as stream:
        export_subtree(root, stream)
    click.echo(f"已导出到 {path}")


@main.command("template")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def template_command(path: Path) -> None:
    """Write the blank import template."""
    from shuzhi.orgs.workbook import template_workbook

    template_workbook().save(path)
    click.echo(f"模板已写入 {path}")


@main.command("token")
@click.argument("username")
@click.argument("name")
def token_command(username: str, name: str) -> None:
    """Issue an API token for USERNAME (printed once)."""
    setup_django()
    from shuzhi.accounts.services import issue_api_token

    _, key = issue_api_token(user=_user(username), name=name)
    click.echo(key)


# Commands contributed by the domain apps: each may ship ``shuzhi/<app>/cli.py`` with
# ``commands: list[click.Command]``, defined at import time without touching Django (they call
# setup_django() when they run). They are found here rather than listed, so adding an app's
# commands never touches this file.
DOMAIN_APPS = (
    "rounds",
    "scoring",
    "reports",
    "meetings",
    "rectification",
    "records",
    "factfinding",
    "villages",
    "analytics",
)
for _app in DOMAIN_APPS:
    if importlib.util.find_spec(f"shuzhi.{_app}.cli") is not None:
        for _command in importlib.import_module(f"shuzhi.{_app}.cli").commands:
            main.add_command(_command)


if __name__ == "__main__":
    main()


def demo_logins() -> list[str]:
    """One line per demo account that can sign in (the demo's extra raters have no password),
    with its grants; every app's demo adds accounts, so they are read back from the database."""
    from shuzhi.accounts.models import User

    users = [
        user
        for user in User.objects.order_by("id").prefetch_related("grants__organization")
        if user.has_usable_password()
    ]
    width = max((len(user.username) for user in users), default=0)
    return [
        f"  {user.username:<{width}}  "
        + "、".join(f"{g.get_role_display()}@{g.organization.name}" for g in user.grants.all())
        + f"  （{user.get_full_name()}）"
        for user in users
    ]
