"""Setting a platform up: the demo and the loading of the shipped territories and workspaces.

It sits above every domain (next to `www` and `api`) because it drives all of them; no domain
imports it, so `core` stays free of domain imports.
"""
