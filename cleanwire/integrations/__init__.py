"""Adapters that run cleanwire inside data-processing engines.

Each engine lives in its own module and is imported only when used, so the core
package depends on none of them:

- :mod:`cleanwire.integrations.dask`: Dask bags, dataframe columns, and sharded JSON
  Lines in and out (``pip install 'cleanwire[dask]'``);
- :mod:`cleanwire.integrations.datatrove`: a datatrove pipeline step
  (``pip install 'cleanwire[datatrove]'``).

Both build one :class:`~cleanwire.Cleaner` per worker process from the cleaner's
options, never one per document. See docs/scale.md.
"""
