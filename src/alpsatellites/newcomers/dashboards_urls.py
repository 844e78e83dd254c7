"""URLs of the newcomers domain: dashboards."""

urlpatterns: list = []
