"""The add-in on xlwings Server (Office.js); see docs/server.md.

Needs the extra: pip install "xl-addin[server]".
"""
