"""Release packaging helpers (stdlib only): Windows version information for build.spec.

The NSIS installer script beside this file is ``wuwei.nsi``.
"""
