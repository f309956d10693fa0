"""lawreview: first-pass compliance review of draft migration laws against
international migration law (IML) standards.

The flow runs one way: ingest -> structure -> annotate -> assess -> report.
"""

__version__ = "0.1.0"
