"""Incident information reporting (信息接报/报送): grading, deadline clocks, report chain, sign-off.

Pure parts (no store): ``rules`` (grading), ``deadlines`` (the planner), ``forms`` (form definitions),
``taxonomy``. Operations on the store: ``intake``, ``obligations``, ``reports``, ``disaster``, ``rulebook``.
Read models: ``queries``, ``stats``.
"""
