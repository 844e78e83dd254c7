"""URLs of the newcomers domain: privacy."""

urlpatterns: list = []
