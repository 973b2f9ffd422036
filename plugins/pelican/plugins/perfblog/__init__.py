"""perfblog under Pelican's namespace-plugin name: ``PLUGINS = ["perfblog"]`` finds it here.

Pelican 4.12 reads no entry points; it discovers ``pelican.plugins.<name>``
packages itself. The plugin's code lives in the ``perfblog`` package.
"""

from perfblog import register

__all__ = ["register"]
