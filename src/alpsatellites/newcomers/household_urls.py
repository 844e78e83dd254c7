"""URLs of the newcomers domain: household."""

urlpatterns: list = []
