"""Ingest: CAP 1.2, L-Alert (公共情報コモンズ, EDXL-DE) and JMA 防災情報XML in; CAP and Atom out.

Each parser turns one message into a ``Parsed`` (notice JSON plus linking data) or raises
``IngestError`` (rejected) / ``IngestSkip`` (valid but not for this city, or not a notice).
``service.ingest`` stores the outcome in one transaction.
"""
