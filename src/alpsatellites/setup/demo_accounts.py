"""Demo accounts: created once, with a verified address so that they sign in by the form
(e-mail verification is mandatory; a demo visitor has no mailbox to follow a link from)."""

from allauth.account.models import EmailAddress

from alpsatellites.accounts.models import User

DEMO_PASSWORD = "alpsatellites-demo"  # noqa: S105


def demo_user(email: str, name: str, *, superuser: bool = False) -> User:
    """The demo account `email`, created if missing; its address verified either way."""
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email, DEMO_PASSWORD, name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return user
