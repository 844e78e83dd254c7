"""URLs of the newcomers domain: stays."""

urlpatterns: list = []
