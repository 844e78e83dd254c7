"""URLs of the newcomers domain: officer."""

urlpatterns: list = []
