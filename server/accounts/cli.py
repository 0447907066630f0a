import click
from flask.cli import AppGroup

from server.accounts import service
from server.accounts.models import OrganisationKind, Role
from server.audit import service as audit
from server.errors import ValidationFailed
from server.extensions import db

users_cli = AppGroup("users", help="Manage users.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--org", "organisation", required=True, help="Created when missing.")
@click.option("--org-kind", type=click.Choice([kind.value for kind in OrganisationKind]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--locale", type=click.Choice(["sv", "en"]), default="sv")
def create_user(email, name, role, organisation, org_kind, password, locale):
    """Create a user (and the organisation, when it does not exist yet)."""
    org = service.get_or_create_organisation(organisation, org_kind)
    try:
        user = service.create_user(
            email=email, name=name, role=role, organisation=org, password=password, locale=locale
        )
    except ValidationFailed as error:
        db.session.rollback()
        raise click.ClickException(_describe(error)) from error
    audit.record("user.created", "user", user.id, data={"role": user.role, "via": "cli"})
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in {org.name} (id {user.id}).")


@users_cli.command("disable")
@click.option("--email", required=True)
def disable_user(email):
    """Disable a user; their sessions and tokens stop working at once."""
    user = _user(email)
    user.active = False
    count = service.revoke_all_tokens(user)
    audit.record("user.disabled", "user", user.id, data={"tokens_revoked": count, "via": "cli"})
    db.session.commit()
    click.echo(f"Disabled {user.email}; revoked {count} tokens.")


@tokens_cli.command("create")
@click.option("--email", required=True)
@click.option("--label", default="cli")
def create_token(email, label):
    """Print a new bearer token for the user, alone on the last line."""
    user = _user(email)
    if not user.active:
        raise click.ClickException(f"{email} is disabled.")
    token, secret = service.issue_token(user, label=label)
    audit.record("token.created", "user", user.id, data={"token": token.id, "via": "cli"})
    db.session.commit()
    click.echo(f"Token for {user.email} (shown once):")
    click.echo(secret)


@tokens_cli.command("revoke")
@click.option("--email", required=True)
def revoke_tokens(email):
    """Revoke every token and session of the user."""
    user = _user(email)
    count = service.revoke_all_tokens(user)
    audit.record("token.revoked", "user", user.id, data={"tokens_revoked": count, "via": "cli"})
    db.session.commit()
    click.echo(f"Revoked {count} tokens of {user.email}.")


def _user(email):
    user = service.user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the email address {email}.")
    return user


def _describe(error: ValidationFailed) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in (error.errors or {}).items())
