"""Observatory writes, one module per subject; each function is `<entity>_<action>` and atomic."""
