"""URLs of the newcomers domain: matching."""

urlpatterns: list = []
